package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndingTest {

    private final Limits limits = Limits.defaults().withCpuTime(Duration.ofSeconds(5)).withWallTime(Duration.ofSeconds(10));

    @Test
    void ordinaryExitCodesAreExits() {
        assertEquals(new Ending(Termination.EXITED, 0, null), Ending.ofStatus(0, limits));
        assertEquals(new Ending(Termination.EXITED, 3, null), Ending.ofStatus(3, limits));
        assertEquals(new Ending(Termination.EXITED, 255, null), Ending.ofStatus(255, limits));
        assertNull(Ending.ofStatus(128, limits).reason());
    }

    @Test
    void signalsAreNamedAndSigxcpuIsTheCpuLimit() {
        Ending cpu = Ending.ofStatus(128 + 24, limits);
        assertEquals(Termination.CPU_LIMIT, cpu.termination());
        assertEquals(-1, cpu.exitCode());
        assertEquals("exceeded its CPU time limit of 5 s", cpu.reason());

        Ending killed = Ending.ofStatus(137, limits);
        assertEquals(Termination.KILLED, killed.termination());
        assertTrue(killed.reason().startsWith("was killed by SIGKILL (signal 9)"), killed.reason());

        assertEquals("was terminated by SIGSEGV (signal 11)", Ending.ofStatus(139, limits).reason());
    }

    @Test
    void limitReasonsSaySentencesWithUnits() {
        assertEquals("killed after 10 s wall time", Ending.timedOut(limits).reason());
        assertEquals("printed more than 4 MiB of output", Ending.outputLimit(limits).reason());
        assertEquals("killed after 1.5 s wall time", Ending.timedOut(limits.withWallTime(Duration.ofMillis(1500))).reason());
        assertEquals("printed more than 1.5 KiB of output", Ending.outputLimit(limits.withOutputBytes(1536)).reason());
        assertEquals("500 ms", Quantities.duration(Duration.ofMillis(500)));
        assertEquals("100 bytes", Quantities.bytes(100));
        assertEquals("2 GiB", Quantities.bytes(2L << 30));
    }

    @Test
    void launcherErrorsAreStartFailuresButCommandOutputIsNot() {
        assertEquals(Optional.of("could not start: bwrap: execvp nosuch: No such file or directory"),
                LaunchFailure.in(1, "bwrap: execvp nosuch: No such file or directory\n", true));
        assertEquals(Optional.of("could not start: prlimit: failed to execute nosuch: No such file or directory"),
                LaunchFailure.in(127, "prlimit: failed to execute nosuch: No such file or directory\n", true));
        assertEquals(Optional.empty(), LaunchFailure.in(1, "bwrap: looks like it\nbut the tests failed\n", true));
        assertEquals(Optional.empty(), LaunchFailure.in(1, "bwrap: only the tail of a long output", false));
        assertEquals(Optional.empty(), LaunchFailure.in(2, "setpriv: something", true));
        assertEquals(Optional.empty(), LaunchFailure.in(1, "FAILED: 3 tests", true));
    }
}
