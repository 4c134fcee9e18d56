package dev.patchlane.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command directly on the host, for repositories an operator explicitly opted out of the sandbox
 * ({@code sandbox: none}). It gives NO isolation: the command sees the network, the whole filesystem with the worker's
 * rights, and other processes. It clears the environment it hands the command (no tokens or API keys are passed), but
 * as the worker's own user the command can still read the worker's environment and files through /proc and the
 * filesystem. It enforces wall time, output size, and per-process CPU time and address space through prlimit. There is no process limit: the worker runs
 * as root, which RLIMIT_NPROC does not bind. Processes it leaves in the background after it exits are not tracked.
 */
public final class UnsandboxedRunner implements CommandRunner {

    private final ProcessSupervisor supervisor = new ProcessSupervisor();

    @Override
    public RunResult run(Command command, Path workspace, Limits limits) {
        Path root;
        try {
            root = workspace.toRealPath();
        } catch (IOException e) {
            return RunResult.notStarted("the workspace " + workspace + " does not exist: " + e.getMessage());
        }
        if (!Files.isDirectory(root)) {
            return RunResult.notStarted("the workspace " + workspace + " is not a directory");
        }
        List<String> argv = new ArrayList<>(PrlimitArguments.of(limits, false));
        argv.addAll(command.argv());
        return supervisor.run(argv, root, MinimalEnvironment.withHome(root.toString()), limits);
    }

    @Override
    public String name() {
        return "none";
    }
}
