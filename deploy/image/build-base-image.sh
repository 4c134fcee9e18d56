#!/usr/bin/env bash
# Builds the JVM base image of patchlane's container image as a `docker save` tarball, with no registry and no daemon:
# a jlink runtime of the build's own JDK plus the shared libraries it links (read with ldd), a passwd entry for the
# non-root user 185, its data directory /var/lib/patchlane (PATCHLANE_DATA_DIR) and a writable /tmp. Quarkus' Jib
# extension takes it as `tar://<this file>`. Linux with glibc only (ldd); a registry base (ubi9 openjdk) needs none of this.
set -euo pipefail

out=${1:?usage: build-base-image.sh <output.tar>}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"

# The modules the application and its libraries use (Kafka: management, SASL, JNDI; Vert.x and Netty: unsupported;
# TLS to git hosts and GitHub: crypto.ec; RocksDB and Netty load native code through jdk.unsupported).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.charsets,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.zipfs
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$root/opt/java" >/dev/null

# java.beans (used by libraries) lives in java.desktop; the X11 parts of AWT are of no use without a display.
rm -f "$root/opt/java/lib/libawt_xawt.so" "$root/opt/java/lib/libsplashscreen.so" "$root/opt/java/lib/libjawt.so"

# Debian's JDK keeps its CA store and security policy behind symlinks into /etc: copy the files themselves.
for link in $(find "$root/opt/java" -type l); do
  target=$(readlink -f "$link")
  rm "$link"
  cp "$target" "$link"
done

# Every shared library the runtime links, and those RocksDB's JNI library links once it is unpacked (C++ runtime,
# glibc's libpthread/librt/libdl).
libs=$( (find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null || true) \
  | awk '/=> \// {print $3} /^[ \t]*\/[^ ]*ld-linux/ {print $1}' | grep -v "^$root" | sort -u)
extra=$(ldconfig -p | awk '/(libstdc\+\+\.so\.6|libgcc_s\.so\.1|libpthread\.so\.0|librt\.so\.1|libdl\.so\.2) / && /x86-64|x86_64|aarch64/ {print $NF}' | sort -u)
for lib in $libs $extra; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# (libjvm.so is loaded by the launcher before the libraries that name it, so ldd alone cannot find it)
missing=$(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null | grep 'not found' \
  | grep -v 'libjvm.so' | sort -u || true)
if [ -n "$missing" ]; then
  echo "build-base-image: the runtime links libraries this machine lacks: $missing" >&2
  exit 1
fi

mkdir -p "$root/etc" "$root/tmp" "$root/home/patchlane" "$root/var/lib/patchlane/patches"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\npatchlane:x:185:185:patchlane:/home/patchlane:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\npatchlane:x:185:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

# One reproducible layer: sorted names, fixed times and owners (185 owns its home and its data directory; Jib's layers
# make /work root's, so nothing is written there).
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" --exclude=./home/patchlane \
  --exclude=./var/lib/patchlane -cf "$work/layer.tar" .
tar --sort=name --mtime=@0 --owner=185 --group=185 --numeric-owner -C "$root" -rf "$work/layer.tar" ./home/patchlane \
  ./var/lib/patchlane

case $(uname -m) in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat > "$work/config.json" <<JSON
{"architecture":"$arch","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"185","WorkingDir":"/work"},"rootfs":{"type":"layers","diff_ids":["$diff_id"]},"history":[{"created_by":"deploy/image/build-base-image.sh: jlink runtime of $("$java_home/bin/java" -version 2>&1 | head -1 | tr -d '"')"}]}
JSON
config=$(sha256sum "$work/config.json" | cut -d' ' -f1).json
mv "$work/config.json" "$work/$config"
printf '[{"Config":"%s","RepoTags":["patchlane/jvm-base:local"],"Layers":["layer.tar"]}]\n' "$config" > "$work/manifest.json"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out" manifest.json "$config" layer.tar
echo "build-base-image: $out ($(du -h "$out" | cut -f1), $arch)"
