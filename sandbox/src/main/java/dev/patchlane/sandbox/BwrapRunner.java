package dev.patchlane.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a command in a bubblewrap sandbox: no network, its own pid, ipc and uts namespaces, a read-only view of /usr and
 * a few /etc files, the workspace as the only writable host path, a private /tmp, no inherited environment, and the
 * command as uid 65534 under CPU, memory and process limits. See {@link BwrapArguments} for the exact argv.
 *
 * <p>Wall time is enforced by killing bwrap: with --die-with-parent its pid-namespace init dies too, and the kernel then
 * kills every process left in that namespace, so nothing the command started survives.
 *
 * <p>All sandboxes share uid 65534, and RLIMIT_NPROC counts that uid's processes host-wide: commands running at the same
 * time share their process limit. Disk use in the workspace is not limited.
 */
public final class BwrapRunner implements CommandRunner {

    private static final Limits PROBE_LIMITS = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(10), 1L << 30, 16, 64 << 10, 4096);

    private final BwrapArguments arguments;
    private final ProcessSupervisor supervisor = new ProcessSupervisor();

    BwrapRunner(Path bwrap, List<Path> extraReadOnly, boolean userNamespaceLayer) {
        this.arguments = new BwrapArguments(bwrap, List.copyOf(extraReadOnly), userNamespaceLayer);
    }

    /** Finds bwrap and checks, by running {@code true} in the same sandbox, that it works here. */
    public static Optional<BwrapRunner> detect(List<Path> extraReadOnly) {
        return probe(extraReadOnly).runner();
    }

    /** Like {@link #detect} but says why there is no runner. */
    public static BwrapDetection probe(List<Path> extraReadOnly) {
        Optional<Path> bwrap = Executables.find("bwrap");
        if (bwrap.isEmpty()) {
            return BwrapDetection.unavailable("bwrap is not installed (Debian package bubblewrap)");
        }
        for (String tool : List.of(PrlimitArguments.PRLIMIT, BwrapArguments.SETPRIV)) {
            if (!Files.isExecutable(Path.of(tool))) {
                return BwrapDetection.unavailable(tool + " is not installed (Debian package util-linux)");
            }
        }
        if (!HostUser.isRoot()) {
            return BwrapDetection.unavailable("the worker does not run as root, which it must to run sandboxed commands as uid "
                    + BwrapArguments.SANDBOX_UID + " (the process limit does not bind the worker's own uid)");
        }
        BwrapRunner layered;
        BwrapRunner flat;
        try {
            layered = new BwrapRunner(bwrap.get(), extraReadOnly, true);
            flat = new BwrapRunner(bwrap.get(), extraReadOnly, false);
        } catch (RuntimeException e) {
            return BwrapDetection.unavailable("the sandbox's read-only paths are wrong: " + e.getMessage());
        }
        RunResult layeredProbe = probeRun(layered);
        if (layeredProbe.succeeded()) {
            return BwrapDetection.available(layered);
        }
        // the inner layer fails where the kernel refuses user namespaces to uid 65534: then the command cannot make any
        RunResult flatProbe = probeRun(flat);
        if (flatProbe.succeeded()) {
            return BwrapDetection.available(flat);
        }
        return BwrapDetection.unavailable("bwrap cannot create namespaces here: " + describe(flatProbe));
    }

    @Override
    public RunResult run(Command command, Path workspace, Limits limits) {
        Path root;
        try {
            root = workspace.toRealPath();
            if (!Files.isDirectory(root)) {
                return RunResult.notStarted("the workspace " + workspace + " is not a directory");
            }
            WorkspaceOwner.handOver(root, BwrapArguments.SANDBOX_UID, BwrapArguments.SANDBOX_GID);
        } catch (IOException e) {
            return RunResult.notStarted("could not prepare the workspace " + workspace + ": " + e);
        }
        return supervisor.run(arguments.argv(root, limits, command), root, Map.of("PATH", MinimalEnvironment.PATH), limits);
    }

    @Override
    public String name() {
        return "bwrap";
    }

    /** Whether the command also runs in a user namespace of its own, with further user namespaces switched off. */
    public boolean userNamespacesDisabled() {
        return arguments.userNamespaceLayer();
    }

    private static RunResult probeRun(BwrapRunner runner) {
        Path workspace = null;
        try {
            workspace = Files.createTempDirectory("patchlane-bwrap-probe-");
            return runner.run(Command.of("true"), workspace, PROBE_LIMITS);
        } catch (IOException e) {
            return RunResult.notStarted("could not create a probe workspace: " + e.getMessage());
        } finally {
            deleteQuietly(workspace);
        }
    }

    private static String describe(RunResult result) {
        String output = result.outputTail().strip();
        if (!output.isEmpty()) {
            return output;
        }
        return result.reason() != null ? result.reason() : "`true` exited with " + result.exitCode();
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover empty probe directory under the temporary directory is harmless
        }
    }
}
