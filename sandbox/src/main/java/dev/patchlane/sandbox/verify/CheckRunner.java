package dev.patchlane.sandbox.verify;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.sandbox.Command;
import dev.patchlane.sandbox.CommandRunner;
import dev.patchlane.sandbox.Limits;
import dev.patchlane.sandbox.RunResult;
import dev.patchlane.sandbox.checks.CheckDeclaration;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Runs one declared check in a workspace with the runner its repository's mode allows, or refuses it with the reason.
 */
public final class CheckRunner {

    private final Optional<CommandRunner> sandbox;
    private final String sandboxUnavailable;
    private final CommandRunner unsandboxed;
    private final Limits limits;
    private final Semaphore slots;

    /**
     * @param sandbox the bubblewrap runner, when bwrap works on this machine
     * @param sandboxUnavailable why it does not, for refusals
     * @param unsandboxed the runner for repositories an operator opted out of the sandbox
     * @param limits the limits of every check; a check's own timeout replaces the wall time
     * @param maxConcurrent checks running at once in this process; more wait, so that builds do not thrash the machine
     */
    public CheckRunner(Optional<CommandRunner> sandbox, String sandboxUnavailable, CommandRunner unsandboxed, Limits limits, int maxConcurrent) {
        this.sandbox = sandbox;
        this.sandboxUnavailable = sandboxUnavailable;
        this.unsandboxed = unsandboxed;
        this.limits = limits;
        this.slots = new Semaphore(Math.max(1, maxConcurrent), true);
    }

    public CheckRunner(Optional<CommandRunner> sandbox, String sandboxUnavailable, CommandRunner unsandboxed, Limits limits) {
        this(sandbox, sandboxUnavailable, unsandboxed, limits, Runtime.getRuntime().availableProcessors());
    }

    /** The sandbox label a run in this mode has: {@code bwrap}, {@code none} or {@code unavailable}. */
    public String sandboxLabel(SandboxMode mode) {
        if (mode == SandboxMode.NONE) {
            return "none";
        }
        return sandbox.isPresent() ? "bwrap" : "unavailable";
    }

    public boolean canRun(SandboxMode mode) {
        return mode == SandboxMode.NONE || sandbox.isPresent();
    }

    public String refusal() {
        return "not run: " + sandboxUnavailable + "; repository commands run only in the sandbox unless an operator sets "
                + "sandbox: none for the repository";
    }

    /** Runs the check; {@code baseline} is how it ended on the base commit, or null when not known. */
    public CheckResult run(CheckDeclaration check, Path workspace, SandboxMode mode, CheckStatus baseline) {
        Optional<CommandRunner> runner = mode == SandboxMode.NONE ? Optional.of(unsandboxed) : sandbox;
        if (runner.isEmpty()) {
            return new CheckResult(check.name(), check.display(), CheckStatus.REFUSED, -1, 0, "", refusal(), baseline);
        }
        // a check allowed more wall time than the default is allowed as much CPU time too
        Limits own = check.timeout() == null ? limits
                : limits.withWallTime(check.timeout()).withCpuTime(check.timeout().compareTo(limits.cpuTime()) > 0 ? check.timeout() : limits.cpuTime());
        RunResult result;
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CheckResult(check.name(), check.display(), CheckStatus.ERROR, -1, 0, "", "interrupted while waiting to run", baseline);
        }
        try {
            result = runner.get().run(new Command(check.argv()), workspace, own);
        } finally {
            slots.release();
        }
        return new CheckResult(check.name(), check.display(), statusOf(result), result.exitCode(), result.durationMs(), result.outputTail(),
                result.reason(), baseline);
    }

    static CheckStatus statusOf(RunResult result) {
        return switch (result.termination()) {
            case EXITED -> result.exitCode() == 0 ? CheckStatus.PASSED : CheckStatus.FAILED;
            case TIMED_OUT, CPU_LIMIT -> CheckStatus.TIMED_OUT;
            case OUTPUT_LIMIT -> CheckStatus.OUTPUT_LIMIT;
            case FAILED_TO_START -> CheckStatus.ERROR;
            default -> CheckStatus.FAILED;
        };
    }
}
