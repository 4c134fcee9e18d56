package dev.patchlane.sandbox;

/**
 * How a command's run ended. There is no memory-limit ending: RLIMIT_AS makes allocations fail inside the program, which
 * then exits or crashes in its own way, so that cannot be told apart from any other failure.
 */
public enum Termination {
    /** It exited by itself, with any exit code. */
    EXITED,
    /** It was killed when its wall time ran out. */
    TIMED_OUT,
    /** The kernel stopped it with SIGXCPU for its CPU time limit. */
    CPU_LIMIT,
    /** It was killed for printing more than its output limit. */
    OUTPUT_LIMIT,
    /** It died from a signal that was not one of the limits above. */
    KILLED,
    /** The launcher (bwrap, prlimit, setpriv) could not start it, e.g. the program does not exist. */
    FAILED_TO_START
}
