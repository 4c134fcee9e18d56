package dev.patchlane.sandbox;

import java.util.Objects;

/**
 * How one command's run ended.
 *
 * @param exitCode its exit code, or -1 when it did not exit by itself
 * @param termination how it ended
 * @param outputTail the last output bytes (stdout and stderr together) as UTF-8, malformed bytes replaced
 * @param outputBytes how many output bytes were read in all
 * @param durationMs how long it ran
 * @param reason a sentence saying why it was stopped, or null when it exited by itself
 */
public record RunResult(int exitCode, Termination termination, String outputTail, long outputBytes, long durationMs, String reason) {

    public RunResult {
        Objects.requireNonNull(termination, "termination");
        outputTail = outputTail == null ? "" : outputTail;
    }

    /** A run the launcher could not even start, e.g. because the workspace is missing. */
    public static RunResult notStarted(String reason) {
        return new RunResult(-1, Termination.FAILED_TO_START, "", 0, 0, reason);
    }

    public boolean succeeded() {
        return termination == Termination.EXITED && exitCode == 0;
    }
}
