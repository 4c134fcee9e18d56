package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsandboxedRunnerTest {

    private static final Limits LIMITS = Limits.defaults().withWallTime(Duration.ofSeconds(20));

    private final UnsandboxedRunner runner = new UnsandboxedRunner();

    @TempDir
    Path workspace;

    @Test
    void runsInTheWorkspaceWithOnlyTheMinimalEnvironment() throws IOException {
        RunResult env = runner.run(Command.of("env"), workspace, LIMITS);
        RunResult pwd = runner.run(Command.of("pwd"), workspace, LIMITS);

        assertTrue(env.succeeded(), env::toString);
        Set<String> names = env.outputTail().lines().map(line -> line.split("=", 2)[0]).collect(Collectors.toSet());
        assertEquals(Set.of("PATH", "HOME", "LANG", "TMPDIR"), names, env.outputTail());
        assertTrue(env.outputTail().contains("HOME=" + workspace.toRealPath() + "\n"), env.outputTail());
        for (String parentVariable : System.getenv().keySet()) {
            if (!names.contains(parentVariable)) {
                assertFalse(env.outputTail().contains(parentVariable + "="), parentVariable + " leaked in");
            }
        }
        assertEquals(workspace.toRealPath() + "\n", pwd.outputTail());
        assertEquals("none", runner.name());
    }

    @Test
    void killsTheCommandWhenItsWallTimeRunsOut() throws InterruptedException {
        long seconds = 100_000 + (long) (Math.random() * 800_000);

        RunResult sleep = runner.run(Command.of("sleep", Long.toString(seconds)), workspace, LIMITS.withWallTime(Duration.ofSeconds(1)));

        assertEquals(Termination.TIMED_OUT, sleep.termination(), sleep::toString);
        assertEquals(-1, sleep.exitCode());
        assertEquals("killed after 1 s wall time", sleep.reason());
        assertTrue(sleep.durationMs() >= 1000 && sleep.durationMs() < 3000, "took " + sleep.durationMs() + " ms");
        assertTrue(HostProcesses.goneWithin("sleep " + seconds, Duration.ofSeconds(2)), "sleep is still running");
    }

    @Test
    void stopsAtTheOutputLimit() {
        RunResult yes = runner.run(Command.of("yes"), workspace, LIMITS.withOutputBytes(256 << 10).withTailBytes(100));

        assertEquals(Termination.OUTPUT_LIMIT, yes.termination(), yes::toString);
        assertEquals("printed more than 256 KiB of output", yes.reason());
        assertTrue(yes.outputBytes() > 256 << 10 && yes.outputBytes() <= (256 << 10) + 65536, "read " + yes.outputBytes());
        assertEquals("y\n".repeat(50), yes.outputTail());
    }

    @Test
    void enforcesTheCpuLimitAndReportsExitCodes() {
        RunResult busy = runner.run(Command.shell("while :; do :; done"), workspace, LIMITS.withCpuTime(Duration.ofSeconds(1)));
        RunResult exit = runner.run(Command.shell("echo out; echo err >&2; exit 4"), workspace, LIMITS);

        assertEquals(Termination.CPU_LIMIT, busy.termination(), busy::toString);
        assertTrue(busy.durationMs() < 10_000, "took " + busy.durationMs() + " ms");
        assertEquals(Termination.EXITED, exit.termination());
        assertEquals(4, exit.exitCode());
        assertEquals("out\nerr\n", exit.outputTail());
    }

    @Test
    void aMissingProgramOrWorkspaceFailsToStart() {
        RunResult missing = runner.run(Command.of("no-such-program-patchlane"), workspace, LIMITS);
        RunResult nowhere = runner.run(Command.of("true"), workspace.resolve("absent"), LIMITS);

        assertEquals(Termination.FAILED_TO_START, missing.termination(), missing::toString);
        assertTrue(missing.reason().contains("no-such-program-patchlane"), missing.reason());
        assertEquals(Termination.FAILED_TO_START, nowhere.termination(), nowhere::toString);
        assertFalse(Files.exists(workspace.resolve("absent")));
    }
}
