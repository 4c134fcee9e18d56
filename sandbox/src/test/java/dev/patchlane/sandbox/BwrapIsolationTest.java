package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BwrapIsolationTest {

    // bwrap always sets PWD to the directory it starts the command in
    private static final Set<String> MINIMAL_ENVIRONMENT = Set.of("PATH", "HOME", "LANG", "TMPDIR", "PWD");
    private static final Limits LIMITS = Limits.defaults().withWallTime(Duration.ofSeconds(20));

    private static BwrapRunner runner;

    @TempDir
    Path workspace;

    @BeforeAll
    static void detectBwrap() {
        BwrapDetection detection = BwrapRunner.probe(List.of());
        assumeTrue(detection.isAvailable(), () -> "bwrap unavailable: " + detection.unavailableReason());
        runner = detection.runner().orElseThrow();
    }

    @Test
    void hasNoNetworkNotEvenToTheHostsLoopback() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(200);

            RunResult connect = run(Command.of("/bin/bash", "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected"));
            RunResult interfaces = run(Command.of("cat", "/proc/net/dev"));

            assertEquals(Termination.EXITED, connect.termination(), connect::toString);
            assertNotEquals(0, connect.exitCode(), connect::toString);
            assertFalse(connect.outputTail().contains("connected"), connect::toString);
            assertThrows(SocketTimeoutException.class, server::accept, "the host's server accepted a connection");
            List<String> devices = interfaces.outputTail().lines().skip(2).map(line -> line.strip().split(":")[0]).toList();
            assertEquals(List.of("lo"), devices, interfaces::outputTail);
        }
    }

    @Test
    void seesNoHostFilesOutsideTheWorkspace(@TempDir Path elsewhere) throws IOException {
        String secret = "patchlane-secret-" + UUID.randomUUID();
        Path secretFile = Files.writeString(elsewhere.resolve("secret.txt"), secret);

        RunResult cat = run(Command.of("cat", secretFile.toString()));
        RunResult probe = run(Command.shell(
                "for p in /root /home /work /etc/shadow /etc/hostname /tmp/" + elsewhere.getFileName()
                        + "; do [ -e \"$p\" ] && echo \"visible $p\"; done; echo checked"));

        assertNotEquals(0, cat.exitCode(), cat::toString);
        assertFalse(cat.outputTail().contains(secret));
        assertTrue(probe.succeeded(), probe::toString);
        assertEquals("checked", probe.outputTail().strip(), "host paths are visible: " + probe.outputTail());
    }

    @Test
    void seesOnlyTheEtcFilesProgramsNeed() {
        RunResult etc = run(Command.shell("ls -A /etc; echo; id -un"));

        String hostFiles = Stream.concat(Stream.of("alternatives", "group", "ld.so.cache", "localtime", "nsswitch.conf", "passwd")
                .filter(name -> Files.exists(Path.of("/etc", name))), BwrapArguments.javaConfiguration().stream().map(p -> p.substring(5)))
                .sorted()
                .collect(Collectors.joining("\n"));
        assertTrue(etc.succeeded(), etc::toString);
        assertEquals(hostFiles + "\n\nnobody\n", etc.outputTail());
    }

    @Test
    void inheritsNoEnvironmentFromTheWorker() {
        RunResult env = run(Command.of("env"));

        Map<String, String> inside = env.outputTail().lines()
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : ""));
        assertTrue(env.succeeded(), env::toString);
        assertEquals(MINIMAL_ENVIRONMENT, inside.keySet(), env.outputTail());
        assertEquals("/workspace", inside.get("HOME"));
        assertEquals("/usr/local/bin:/usr/bin:/bin", inside.get("PATH"));
        assertEquals("/workspace", inside.get("PWD"));
        for (String parentVariable : System.getenv().keySet()) {
            if (!MINIMAL_ENVIRONMENT.contains(parentVariable)) {
                assertFalse(env.outputTail().contains(parentVariable + "="), parentVariable + " leaked in");
            }
        }
        assertFalse(env.outputTail().contains("=" + System.getProperty("user.home") + "\n"), "the worker's HOME leaked in");
    }

    @Test
    void writesOnlyTheWorkspaceAndAPrivateTmp() throws IOException {
        String marker = "patchlane-tmp-" + UUID.randomUUID();

        RunResult writes = run(Command.shell("for p in /usr/x /etc/x /x /proc/x /dev/x; do touch \"$p\" 2>/dev/null && echo \"wrote $p\"; done;"
                + " echo ok > /workspace/ok.txt && echo private > /tmp/" + marker + " && cat /tmp/" + marker));

        assertTrue(writes.succeeded(), writes::toString);
        assertFalse(writes.outputTail().contains("wrote"), writes.outputTail());
        assertTrue(writes.outputTail().contains("private"), writes::toString);
        assertEquals("ok\n", Files.readString(workspace.resolve("ok.txt")));
        assertFalse(Files.exists(Path.of("/tmp", marker)), "/tmp inside is the host's /tmp");
        assertFalse(Files.exists(Path.of("/x")) || Files.exists(Path.of("/usr/x")) || Files.exists(Path.of("/etc/x")));
    }

    @Test
    void thePrivateTmpIsBoundedByTheMemoryLimit() {
        RunResult fill = run(Command.shell("dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1; echo status=$?"),
                LIMITS.withMemoryBytes(32L << 20));

        assertTrue(fill.outputTail().contains("No space left on device"), fill::toString);
        assertEquals(1, count("status", fill), fill::toString);
    }

    @Test
    void aForkBombHitsTheProcessLimitAndLeavesTheHostFine() throws InterruptedException {
        Limits limits = LIMITS.withProcesses(64).withWallTime(Duration.ofSeconds(10));
        // first a harmless check that the process limit holds at all: never run the bomb without it
        RunResult sleeps = run(Command.of("/bin/bash", "-c",
                "( exec /bin/sh -c 'i=0; while [ $i -lt 200 ]; do i=$((i+1)); sleep 5 & done' ) 2>/dev/null;"
                        + " p=(/proc/[0-9]*); echo running=${#p[@]}"), limits);
        int running = count("running", sleeps);
        assertTrue(running > 10 && running <= limits.processes() + 1, "200 sleeps were limited to " + running + ": " + sleeps);

        String marker = "bomb-" + UUID.randomUUID();
        long started = System.nanoTime();
        RunResult bomb = run(Command.of("/bin/bash", "-c", ":(){ :|:& };: # " + marker), limits);
        long bombMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        // the bomb in a subshell, while the main shell forks nothing more and counts what the bomb managed to start
        RunResult sustained = run(Command.of("/bin/bash", "-c", "( :(){ :|:& };: ) & SECONDS=0; while (( SECONDS < 2 )); do :; done;"
                + " p=(/proc/[0-9]*); echo running=${#p[@]} # " + marker), limits);

        assertTrue(Set.of(Termination.EXITED, Termination.TIMED_OUT).contains(bomb.termination()), bomb::toString);
        assertTrue(bombMs < limits.wallTime().toMillis() + 3000, "the bomb ran for " + bombMs + " ms");
        assertEquals(Termination.EXITED, sustained.termination(), sustained::toString);
        int bombed = count("running", sustained);
        assertTrue(bombed > 10 && bombed <= limits.processes() + 1, "the bomb had " + bombed + " processes");
        assertTrue(HostProcesses.goneWithin(marker, Duration.ofSeconds(3)), "fork bomb processes survived");
        assertTrue(run(Command.of("true")).succeeded(), "the sandbox no longer works after the bomb");
    }

    @Test
    void stopsAtTheOutputLimitWithABoundedTail() throws InterruptedException {
        String marker = "patchlane-yes-" + UUID.randomUUID();
        Limits limits = LIMITS.withOutputBytes(1 << 20).withTailBytes(4096);

        RunResult yes = run(Command.of("yes", marker), limits);

        assertEquals(Termination.OUTPUT_LIMIT, yes.termination(), yes::toString);
        assertEquals(-1, yes.exitCode());
        assertEquals("printed more than 1 MiB of output", yes.reason());
        assertTrue(yes.outputBytes() > 1 << 20 && yes.outputBytes() <= (1 << 20) + 65536, "read " + yes.outputBytes());
        assertTrue(yes.outputTail().getBytes(StandardCharsets.UTF_8).length <= 4096);
        assertTrue(yes.outputTail().contains(marker + "\n" + marker));
        assertTrue(HostProcesses.goneWithin(marker, Duration.ofSeconds(2)), "yes is still running");
    }

    @Test
    void killsTheWholeTreeWhenTheWallTimeRunsOut() throws InterruptedException {
        Limits oneSecond = LIMITS.withWallTime(Duration.ofSeconds(1));
        long grandchild = 100_000 + (long) (Math.random() * 800_000);

        RunResult sleep = run(Command.of("sleep", "60"), oneSecond);
        RunResult tree = run(Command.shell("sleep " + grandchild + " & sleep " + (grandchild + 1)), oneSecond);

        assertEquals(Termination.TIMED_OUT, sleep.termination(), sleep::toString);
        assertEquals(-1, sleep.exitCode());
        assertEquals("killed after 1 s wall time", sleep.reason());
        assertTrue(sleep.durationMs() >= 1000 && sleep.durationMs() < 3000, "took " + sleep.durationMs() + " ms");
        assertEquals(Termination.TIMED_OUT, tree.termination(), tree::toString);
        assertTrue(HostProcesses.goneWithin("sleep " + grandchild, Duration.ofSeconds(2)), "the backgrounded sleep survived");
    }

    @Test
    void aBusyLoopIsStoppedByItsCpuLimitLongBeforeItsWallTime() {
        Limits limits = LIMITS.withCpuTime(Duration.ofSeconds(1)).withWallTime(Duration.ofSeconds(20));

        RunResult busy = run(Command.shell("while :; do :; done"), limits);

        assertEquals(Termination.CPU_LIMIT, busy.termination(), busy::toString);
        assertEquals("exceeded its CPU time limit of 1 s", busy.reason());
        assertTrue(busy.durationMs() < 10_000, "took " + busy.durationMs() + " ms");
    }

    @Test
    void largeAllocationsFailUnderTheMemoryLimit() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "perl is not installed");

        RunResult small = run(Command.of("perl", "-e", "my $x = 'a' x (16 * 1024 * 1024); print length $x"),
                LIMITS.withMemoryBytes(256L << 20));
        RunResult large = run(Command.of("perl", "-e", "my $x = 'a' x (512 * 1024 * 1024); print length $x"),
                LIMITS.withMemoryBytes(256L << 20));

        assertTrue(small.succeeded(), small::toString);
        assertFalse(large.succeeded(), large::toString);
        assertTrue(large.outputTail().contains("Out of memory"), large::toString);
    }

    @Test
    void reportsExitCodesAndBothOutputStreams() {
        RunResult result = run(Command.shell("echo hello; echo err >&2; exit 3"));

        assertEquals(Termination.EXITED, result.termination());
        assertEquals(3, result.exitCode());
        assertEquals(null, result.reason());
        assertFalse(result.succeeded());
        assertEquals("hello\nerr\n", result.outputTail());
        assertEquals(10, result.outputBytes());
    }

    @Test
    void argvIsNotAShellLine() {
        RunResult echo = run(Command.of("echo", "a; touch /workspace/pwned"));

        assertTrue(echo.succeeded(), echo::toString);
        assertEquals("a; touch /workspace/pwned\n", echo.outputTail());
        assertFalse(Files.exists(workspace.resolve("pwned")));
    }

    @Test
    void aMissingProgramFailsToStart() {
        RunResult missing = run(Command.of("no-such-program-patchlane"));

        assertEquals(Termination.FAILED_TO_START, missing.termination(), missing::toString);
        assertTrue(missing.reason().contains("no-such-program-patchlane"), missing.reason());
    }

    @Test
    void runsAsAnUnprivilegedUidWithoutCapabilitiesOrNewUserNamespaces() {
        RunResult status = run(Command.shell("id -u; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status; unshare -U true && echo nested-userns"));

        assertTrue(status.outputTail().startsWith("65534\n"), status::toString);
        assertTrue(status.outputTail().contains("CapEff:\t0000000000000000"), status::toString);
        assertTrue(status.outputTail().contains("NoNewPrivs:\t1"), status::toString);
        if (runner.userNamespacesDisabled()) {
            assertFalse(status.outputTail().contains("nested-userns"), status::toString);
        }
    }

    private RunResult run(Command command) {
        return run(command, LIMITS);
    }

    private RunResult run(Command command, Limits limits) {
        return runner.run(command, workspace, limits);
    }

    private static int count(String name, RunResult result) {
        Matcher matcher = Pattern.compile(name + "=(\\d+)").matcher(result.outputTail());
        assertTrue(matcher.find(), "no " + name + " in " + result);
        return Integer.parseInt(matcher.group(1));
    }
}
