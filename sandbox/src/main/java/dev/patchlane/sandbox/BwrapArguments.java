package dev.patchlane.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argv that runs one command in the sandbox: bwrap, then inside it prlimit, setpriv and (optionally) a second bwrap,
 * each exec'ing the next:
 *
 * <pre>
 * bwrap --unshare-ipc --unshare-pid --unshare-net --unshare-uts --unshare-cgroup-try --hostname sandbox
 *       --die-with-parent --new-session --clearenv --setenv PATH ... HOME /workspace LANG C.UTF-8 TMPDIR /tmp
 *       --ro-bind /usr /usr --symlink usr/bin /bin ... --perms 0755 --dir /etc --ro-bind /etc/passwd /etc/passwd ...
 *       --proc /proc --dev /dev --perms 1777 --size BYTES --tmpfs /tmp [--ro-bind EXTRA EXTRA ...]
 *       --bind WORKSPACE /workspace --chdir /workspace --
 *   /usr/bin/prlimit --cpu=S:S+1 --as=BYTES --core=0 --nproc=N --
 *   /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs --
 *   [bwrap --unshare-user --disable-userns --die-with-parent --dev-bind / / --chdir /workspace --]
 *   ARGV...
 * </pre>
 *
 * bwrap also sets PWD=/workspace, the only variable beyond {@link MinimalEnvironment}'s.
 *
 * <p>The outer bwrap runs as root and creates no user namespace on purpose: as root it would map the sandbox uid to uid 0,
 * which the kernel exempts from RLIMIT_NPROC, so a fork bomb would not stop. setpriv instead drops the command to the
 * real uid 65534, with no capabilities. The optional inner, unprivileged bwrap then adds a user namespace only to switch
 * user namespaces off for the command (fewer kernel interfaces to attack); where the kernel refuses that, it is omitted.
 */
final class BwrapArguments {

    static final String SANDBOX_WORKSPACE = "/workspace";
    static final int SANDBOX_UID = 65534;
    static final int SANDBOX_GID = 65534;
    static final String SETPRIV = "/usr/bin/setpriv";

    private static final List<String> ROOT_DIRECTORIES = List.of("/bin", "/lib", "/lib32", "/lib64", "/libx32", "/sbin");
    private static final List<String> ETC_FILES = List.of(
            "/etc/alternatives", "/etc/ld.so.cache", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/localtime");

    private final Path bwrap;
    private final boolean userNamespaceLayer;
    private final List<String> systemView;
    private final List<String> extraView;

    BwrapArguments(Path bwrap, List<Path> extraReadOnly, boolean userNamespaceLayer) {
        this.bwrap = bwrap;
        this.userNamespaceLayer = userNamespaceLayer;
        this.systemView = systemView();
        this.extraView = extraView(extraReadOnly);
    }

    List<String> argv(Path workspace, Limits limits, Command command) {
        List<String> argv = new ArrayList<>(List.of(bwrap.toString(),
                "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                "--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv"));
        for (Map.Entry<String, String> variable : MinimalEnvironment.withHome(SANDBOX_WORKSPACE).entrySet()) {
            argv.addAll(List.of("--setenv", variable.getKey(), variable.getValue()));
        }
        argv.addAll(systemView);
        // tmpfs pages are not in any process's address space: the size bounds what /tmp can take from the host's memory
        argv.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", Long.toString(limits.memoryBytes()), "--tmpfs", "/tmp"));
        argv.addAll(extraView);
        argv.addAll(List.of("--bind", workspace.toString(), SANDBOX_WORKSPACE, "--chdir", SANDBOX_WORKSPACE, "--"));
        argv.addAll(PrlimitArguments.of(limits, true));
        argv.addAll(List.of(SETPRIV, "--reuid=" + SANDBOX_UID, "--regid=" + SANDBOX_GID, "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
        if (userNamespaceLayer) {
            argv.addAll(List.of(bwrap.toString(), "--unshare-user", "--disable-userns", "--die-with-parent",
                    "--dev-bind", "/", "/", "--chdir", SANDBOX_WORKSPACE, "--"));
        }
        argv.addAll(command.argv());
        return argv;
    }

    boolean userNamespaceLayer() {
        return userNamespaceLayer;
    }

    private static List<String> systemView() {
        List<String> view = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr", "--perms", "0755", "--dir", "/etc"));
        MountPoints points = new MountPoints(List.of("/usr"), List.of("/etc"));
        for (String directory : ROOT_DIRECTORIES) {
            Path path = Path.of(directory);
            if (Files.isSymbolicLink(path)) {
                view.addAll(List.of("--symlink", linkTarget(path), directory));
            } else if (Files.isDirectory(path)) {
                readOnly(directory, points, view);
            }
        }
        for (String file : ETC_FILES) {
            if (Files.exists(Path.of(file))) {
                readOnly(file, points, view);
            }
        }
        for (String file : javaConfiguration()) {
            readOnly(file, points, view);
        }
        return List.copyOf(view);
    }

    // Debian's JDKs keep their security and logging configuration under /etc/java-N-openjdk: no java runs without it.
    static List<String> javaConfiguration() {
        try (var entries = Files.list(Path.of("/etc"))) {
            return entries.filter(Files::isDirectory).map(Path::toString).filter(name -> name.matches("/etc/java-\\d+-openjdk")).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static List<String> extraView(List<Path> extraReadOnly) {
        List<String> view = new ArrayList<>();
        MountPoints points = new MountPoints(List.of("/usr", "/proc", "/dev"), List.of("/etc", "/tmp"));
        for (Path extra : extraReadOnly) {
            readOnly(readOnlyPath(extra), points, view);
        }
        return List.copyOf(view);
    }

    // bwrap makes missing parents of a mount point with mode 0700, which uid 65534 could not enter
    private static void readOnly(String path, MountPoints points, List<String> view) {
        Path parent = Path.of(path).getParent();
        for (int i = 1; i <= parent.getNameCount(); i++) {
            String ancestor = "/" + parent.subpath(0, i);
            if (!points.exists(ancestor)) {
                view.addAll(List.of("--perms", "0755", "--dir", ancestor));
                points.made().add(ancestor);
            }
        }
        view.addAll(List.of("--ro-bind", path, path));
        points.bound().add(path);
    }

    /**
     * What the sandbox already has while its view is built.
     *
     * @param bound host trees bound into it, with everything under them
     * @param made directories it made
     */
    private record MountPoints(List<String> bound, List<String> made) {

        MountPoints {
            bound = new ArrayList<>(bound);
            made = new ArrayList<>(made);
        }

        boolean exists(String directory) {
            return made.contains(directory) || bound.stream().anyMatch(tree -> Path.of(directory).startsWith(tree));
        }
    }

    private static String readOnlyPath(Path extra) {
        if (!extra.isAbsolute()) {
            throw new IllegalArgumentException("an extra read-only path must be absolute: " + extra);
        }
        Path path = extra.normalize();
        if (path.getNameCount() == 0 || path.startsWith(SANDBOX_WORKSPACE)) {
            throw new IllegalArgumentException("an extra read-only path may not be / or under /workspace: " + extra);
        }
        return path.toString();
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the link " + link, e);
        }
    }
}
