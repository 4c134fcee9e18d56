package dev.patchlane.contracts;

/** How one check's run ended. */
public enum CheckStatus {
    /** It exited 0. */
    PASSED,
    /** It exited non-zero. */
    FAILED,
    /** It ran past its wall-time or CPU limit and was killed. */
    TIMED_OUT,
    /** It printed more than its output limit and was killed. */
    OUTPUT_LIMIT,
    /** It was not run: no sandbox, or the command is not allowed to run unsandboxed. */
    REFUSED,
    /** It could not be started, or the runner itself failed. */
    ERROR;

    public boolean passed() {
        return this == PASSED;
    }
}
