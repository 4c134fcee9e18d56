package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaultsAreBoundedAndWithWallTimeChangesOnlyTheWallTime() {
        Limits defaults = Limits.defaults();
        Limits shorter = defaults.withWallTime(Duration.ofSeconds(5));

        assertEquals(Duration.ofSeconds(120), defaults.wallTime());
        assertEquals(2L << 30, defaults.memoryBytes());
        assertEquals(128, defaults.processes());
        assertEquals(4L << 20, defaults.outputBytes());
        assertEquals(4096, defaults.tailBytes());
        assertEquals(Duration.ofSeconds(5), shorter.wallTime());
        assertEquals(defaults.withWallTime(defaults.wallTime()), defaults);
        assertEquals(defaults.cpuTime(), shorter.cpuTime());
    }

    @Test
    void cpuTimeIsRoundedUpToWholeSeconds() {
        assertEquals(2, Limits.defaults().withCpuTime(Duration.ofMillis(1500)).cpuSeconds());
        assertEquals(1, Limits.defaults().withCpuTime(Duration.ofMillis(1)).cpuSeconds());
        assertEquals(3, Limits.defaults().withCpuTime(Duration.ofSeconds(3)).cpuSeconds());
    }

    @Test
    void rejectsNonPositiveLimits() {
        Limits defaults = Limits.defaults();
        assertThrows(IllegalArgumentException.class, () -> defaults.withWallTime(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> defaults.withCpuTime(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withProcesses(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withOutputBytes(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withTailBytes(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMemoryBytes(-1));
        assertThrows(NullPointerException.class, () -> defaults.withWallTime(null));
    }
}
