package dev.patchlane.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What one command may use before it is stopped.
 *
 * @param wallTime how long it may run, enforced from the JVM
 * @param cpuTime CPU time of each of its processes (RLIMIT_CPU, whole seconds, rounded up)
 * @param memoryBytes address space of each of its processes (RLIMIT_AS)
 * @param processes how many processes the sandbox's unprivileged uid may have at once (RLIMIT_NPROC)
 * @param outputBytes how much combined stdout and stderr it may print before it is stopped
 * @param tailBytes how many of the last output bytes are kept for the report
 */
public record Limits(Duration wallTime, Duration cpuTime, long memoryBytes, int processes, long outputBytes, int tailBytes) {

    public Limits {
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(cpuTime, "cpuTime");
        if (wallTime.isNegative() || wallTime.isZero()) {
            throw new IllegalArgumentException("wall time must be positive, not " + wallTime);
        }
        if (cpuTime.isNegative() || cpuTime.isZero()) {
            throw new IllegalArgumentException("CPU time must be positive, not " + cpuTime);
        }
        positive("memoryBytes", memoryBytes);
        positive("processes", processes);
        positive("outputBytes", outputBytes);
        positive("tailBytes", tailBytes);
    }

    public static Limits defaults() {
        return new Limits(Duration.ofSeconds(120), Duration.ofSeconds(120), 2L << 30, 128, 4L << 20, 4096);
    }

    public Limits withWallTime(Duration wallTime) {
        return new Limits(wallTime, cpuTime, memoryBytes, processes, outputBytes, tailBytes);
    }

    public Limits withCpuTime(Duration cpuTime) {
        return new Limits(wallTime, cpuTime, memoryBytes, processes, outputBytes, tailBytes);
    }

    public Limits withMemoryBytes(long memoryBytes) {
        return new Limits(wallTime, cpuTime, memoryBytes, processes, outputBytes, tailBytes);
    }

    public Limits withProcesses(int processes) {
        return new Limits(wallTime, cpuTime, memoryBytes, processes, outputBytes, tailBytes);
    }

    public Limits withOutputBytes(long outputBytes) {
        return new Limits(wallTime, cpuTime, memoryBytes, processes, outputBytes, tailBytes);
    }

    public Limits withTailBytes(int tailBytes) {
        return new Limits(wallTime, cpuTime, memoryBytes, processes, outputBytes, tailBytes);
    }

    /** RLIMIT_CPU counts whole seconds. */
    public long cpuSeconds() {
        long seconds = cpuTime.getSeconds();
        return cpuTime.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
