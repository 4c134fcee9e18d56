package dev.patchlane.sandbox;

import java.time.Duration;

/**
 * How a run ended, before its output is attached.
 *
 * @param termination the kind of ending
 * @param exitCode the exit code, or -1 when it did not exit by itself
 * @param reason why it was stopped, or null when it exited by itself
 */
record Ending(Termination termination, int exitCode, String reason) {

    static Ending timedOut(Limits limits) {
        return new Ending(Termination.TIMED_OUT, -1, "killed after " + Quantities.duration(limits.wallTime()) + " wall time");
    }

    static Ending outputLimit(Limits limits) {
        return new Ending(Termination.OUTPUT_LIMIT, -1, "printed more than " + Quantities.bytes(limits.outputBytes()) + " of output");
    }

    static Ending interrupted() {
        return new Ending(Termination.KILLED, -1, "killed because the worker running it was interrupted");
    }

    static Ending failedToStart(String reason) {
        return new Ending(Termination.FAILED_TO_START, -1, reason);
    }

    /**
     * Reads an exit status as the JVM and bwrap report it: 128 + n is taken to be death by signal n (the shell's
     * convention, which bwrap and sh follow for their child), since a program rarely exits with such a code itself.
     */
    static Ending ofStatus(int status, Limits limits) {
        int signal = status - 128;
        if (signal < 1 || signal > 31) {
            return new Ending(Termination.EXITED, status, null);
        }
        String cpu = Quantities.duration(Duration.ofSeconds(limits.cpuSeconds()));
        if (signal == Signals.SIGXCPU) {
            return new Ending(Termination.CPU_LIMIT, -1, "exceeded its CPU time limit of " + cpu);
        }
        if (signal == Signals.SIGKILL) {
            return new Ending(Termination.KILLED, -1, "was killed by " + Signals.describe(signal)
                    + ", which its CPU time limit of " + cpu + " and the kernel's out-of-memory killer also send");
        }
        return new Ending(Termination.KILLED, -1, "was terminated by " + Signals.describe(signal));
    }
}
