package dev.patchlane.contracts;

/**
 * One declared check run on a workspace.
 *
 * @param name the check's declared name, e.g. {@code lint}
 * @param command the command as declared, argv joined with spaces (or the shell line for a shell check)
 * @param status how the run on the patched workspace ended
 * @param exitCode the process's exit status, or -1 when it did not exit by itself
 * @param durationMs wall time of the run on the patched workspace
 * @param outputTail the last bytes of its combined output, bounded
 * @param reason why it was stopped or refused, in words; null when it ran to its end
 * @param baseline how the same check ended on the unpatched base commit, or null when it was not run there
 */
public record CheckResult(String name, String command, CheckStatus status, int exitCode, long durationMs, String outputTail,
        String reason, CheckStatus baseline) {

    /** True when the patch broke this check: it fails now and passed (or was not run) on the base commit. */
    public boolean brokenByPatch() {
        return !status.passed() && status != CheckStatus.REFUSED && (baseline == null || baseline.passed());
    }

    /** True when the check ran to its end and failed both with the patch and on the base commit: not the patch's fault. */
    public boolean alreadyFailing() {
        return status == CheckStatus.FAILED && baseline == CheckStatus.FAILED;
    }

    /**
     * True when this check says nothing either way: it did not pass, and neither side is a plain failure to compare
     * (it timed out, hit a limit, could not start, or was refused, with the patch or on the base commit).
     */
    public boolean inconclusive() {
        return !status.passed() && !brokenByPatch() && !alreadyFailing();
    }
}
