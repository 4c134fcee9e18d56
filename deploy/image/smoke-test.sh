#!/usr/bin/env bash
# Starts the image without a container engine, to see that it runs: unpacks its layers, chroots into them as user 185
# with the image's environment, runs `serve` (embedded broker, every role) and waits until /q/health answers 200 to the
# image's own HealthProbe. Needs root (chroot, bind mounts of /proc and /dev); not part of the Maven build.
set -euo pipefail
tarball=${1:-app/target/jib-image.tar}
port=${PATCHLANE_SMOKE_PORT:-18080}
work=$(mktemp -d)
root=$work/rootfs
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  umount "$root/proc" "$root/dev" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/image" "$root"
tar -xf "$tarball" -C "$work/image"
for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$work/image/manifest.json"); do
  tar --warning=no-unknown-keyword -xf "$work/image/$layer" -C "$root"
done
config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$work/image/manifest.json")
mapfile -t env < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Env"]))' "$work/image/$config")
mapfile -t entrypoint < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Entrypoint"]))' "$work/image/$config")
mkdir -p "$root/proc" "$root/dev"
mount --bind /proc "$root/proc"
mount --bind /dev "$root/dev"
chroot_bin=$(command -v chroot)
# the entrypoint's "java" is found on the image's PATH, as a container runtime would
env -i "${env[@]}" PATCHLANE_HTTP_PORT="$port" "$chroot_bin" --userspec=185:185 "$root" \
  "${entrypoint[@]}" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  sleep 3
  if "$chroot_bin" --userspec=185:185 "$root" /opt/java/bin/java -cp '/work/app/*' dev.patchlane.app.probe.HealthProbe \
      "http://127.0.0.1:$port/q/health" 2>/dev/null; then
    echo "smoke-test: the image serves, /q/health is UP on port $port"
    exit 0
  fi
  if ! kill -0 "$server" 2>/dev/null; then break; fi
done
cp "$work/serve.log" "${PATCHLANE_SMOKE_LOG:-/tmp/patchlane-smoke.log}"
echo "smoke-test: /q/health never answered 200; the service's log (all of it in ${PATCHLANE_SMOKE_LOG:-/tmp/patchlane-smoke.log}):" >&2
grep -vE " (INFO|DEBUG) " "$work/serve.log" | tail -60 >&2
exit 1
