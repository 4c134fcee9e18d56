package dev.patchlane.sandbox.verify;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.sandbox.Command;
import dev.patchlane.sandbox.CommandRunner;
import dev.patchlane.sandbox.Limits;
import dev.patchlane.sandbox.RunResult;
import dev.patchlane.sandbox.checks.CheckDeclaration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one declared check in a workspace with the runner its repository's mode allows, or refuses it with the reason.
 */
public final class CheckRunner {

    private final Optional<CommandRunner> sandbox;
    private final String sandboxUnavailable;
    private final CommandRunner unsandboxed;
    private final Limits limits;
    private final FairSlots slots;

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
        this.slots = new FairSlots(maxConcurrent);
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
        return runAll(List.of(check), workspace, mode, name -> baseline).get(0);
    }

    /**
     * Runs checks one after another in one workspace, holding one slot for all of them: a verification that queued
     * again between its checks would wait behind every other job's first check.
     */
    public List<CheckResult> runAll(List<CheckDeclaration> checks, Path workspace, SandboxMode mode, Function<String, CheckStatus> baselines) {
        Optional<CommandRunner> runner = mode == SandboxMode.NONE ? Optional.of(unsandboxed) : sandbox;
        if (runner.isEmpty()) {
            return checks.stream()
                    .map(check -> new CheckResult(check.name(), check.display(), CheckStatus.REFUSED, -1, 0, "", refusal(), baselines.apply(check.name())))
                    .toList();
        }
        try {
            slots.acquire(CheckOwner.current());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a check slot", e);
        }
        try {
            List<CheckResult> results = new ArrayList<>();
            for (CheckDeclaration check : checks) {
                RunResult result = runner.get().run(new Command(check.argv()), workspace, limitsOf(check));
                results.add(new CheckResult(check.name(), check.display(), statusOf(result), result.exitCode(), result.durationMs(),
                        result.outputTail(), result.reason(), baselines.apply(check.name())));
            }
            return results;
        } finally {
            slots.release();
        }
    }

    // a check allowed more wall time than the default is allowed as much CPU time too
    private Limits limitsOf(CheckDeclaration check) {
        if (check.timeout() == null) {
            return limits;
        }
        return limits.withWallTime(check.timeout()).withCpuTime(check.timeout().compareTo(limits.cpuTime()) > 0 ? check.timeout() : limits.cpuTime());
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
