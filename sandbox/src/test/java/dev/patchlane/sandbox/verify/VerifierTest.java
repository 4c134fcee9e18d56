package dev.patchlane.sandbox.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.sandbox.Limits;
import dev.patchlane.sandbox.UnsandboxedRunner;
import dev.patchlane.sandbox.checks.CheckDeclaration;
import dev.patchlane.sandbox.checks.ConfiguredChecks;
import dev.patchlane.sandbox.checks.DeclaredChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict on real workspaces with real commands: what the patch broke, what was red before, what says nothing.
 * Unsandboxed here (the sandbox has its own tests); the judgement is the same whatever runner runs the checks.
 */
class VerifierTest {

    @TempDir
    Path temp;

    private Path patched;
    private Path base;
    private final AtomicInteger baseRuns = new AtomicInteger();
    private Verifier verifier;

    @BeforeEach
    void workspaces() throws Exception {
        patched = Files.createDirectories(temp.resolve("patched"));
        base = Files.createDirectories(temp.resolve("base"));
        verifier = new Verifier(new CheckRunner(Optional.empty(), "no bwrap in this test", new UnsandboxedRunner(),
                Limits.defaults().withWallTime(Duration.ofSeconds(5))), new BaselineCache(8));
    }

    @Test
    void allPassingIsVerifiedAndTheBaseIsRunOnce() throws Exception {
        Verification verdict = verify(checks(shell("ok", "true")), "k1");
        assertEquals(VerificationVerdict.VERIFIED, verdict.verdict());
        assertEquals(CheckStatus.PASSED, verdict.checks().get(0).baseline());
        verify(checks(shell("ok", "true")), "k1");
        assertEquals(1, baseRuns.get());
    }

    @Test
    void aCheckRedOnBothSidesIsAlreadyFailingAndTheOthersDecide() throws Exception {
        Verification verdict = verify(checks(shell("ok", "true"), shell("red", "exit 1")), "k2");
        assertEquals(VerificationVerdict.VERIFIED, verdict.verdict(), verdict.summary());
        assertTrue(verdict.checks().get(1).alreadyFailing());
        assertEquals("passed: ok; already failing before the patch: red", verdict.summary());
    }

    @Test
    void aCheckThePatchBrokeFailsTheVerdict() throws Exception {
        Files.writeString(patched.resolve("broken"), "");
        Verification verdict = verify(checks(shell("file", "test ! -e broken")), "k3");
        assertEquals(VerificationVerdict.FAILED, verdict.verdict());
        assertEquals(CheckStatus.PASSED, verdict.checks().get(0).baseline());
        assertEquals(1, baseRuns.get());
    }

    @Test
    void whenNothingPassesNothingIsVerified() throws Exception {
        Verification verdict = verify(checks(shell("red", "exit 1")), "k4");
        assertEquals(VerificationVerdict.NOT_VERIFIED, verdict.verdict());
        assertTrue(verdict.summary().startsWith("no check passed"), verdict.summary());
    }

    @Test
    void aTimeoutOnBothSidesIsInconclusiveNotAlreadyFailingAndIsNotCached() throws Exception {
        DeclaredChecks slow = checks(shell("ok", "true"), new CheckDeclaration("slow", List.of("/bin/sh", "-c", "sleep 30"), true, Duration.ofSeconds(1)));
        Verification verdict = verify(slow, "k5");
        CheckResult check = verdict.checks().get(1);
        assertEquals(CheckStatus.TIMED_OUT, check.status());
        assertEquals(CheckStatus.TIMED_OUT, check.baseline());
        assertTrue(check.inconclusive());
        assertEquals(VerificationVerdict.NOT_VERIFIED, verdict.verdict(), verdict.summary());
        verify(slow, "k5");
        assertEquals(2, baseRuns.get(), "an inconclusive base run is not kept");
    }

    @Test
    void aConclusiveBaseIsRunOncePerKey() throws Exception {
        DeclaredChecks red = checks(shell("ok", "true"), shell("red", "exit 1"));
        verify(red, "k6");
        verify(red, "k6");
        verify(red, "k7");
        assertEquals(2, baseRuns.get());
    }

    @Test
    void withoutASandboxTheChecksAreRefusedAndNothingRuns() throws Exception {
        Verification verdict = verifier.verify(patched, checks(shell("touch", "touch ran")), SandboxMode.BWRAP, "k8", this::base);
        assertEquals(VerificationVerdict.NOT_VERIFIED, verdict.verdict());
        assertEquals(CheckStatus.REFUSED, verdict.checks().get(0).status());
        assertTrue(verdict.summary().contains("no bwrap in this test"), verdict.summary());
        assertTrue(Files.notExists(patched.resolve("ran")));
    }

    @Test
    void aPatchThatChangesACheckScriptIsBrokenWithoutRunningIt() {
        DeclaredChecks checks = checks(new CheckDeclaration("build", List.of("sh", "checks/build.sh"), false, null),
                shell("lint", "sh ./checks/lint.sh && echo ok"), shell("other", "true"));
        List<CheckResult> tampered = CheckTampering.find(checks, List.of("checks/build.sh", "checks/lint.sh", "src/A.java"));
        assertEquals(List.of("build", "lint"), tampered.stream().map(CheckResult::name).toList());
        assertTrue(tampered.get(0).brokenByPatch());
        assertTrue(tampered.get(0).reason().contains("changes checks/build.sh"), tampered.get(0).reason());
        assertEquals(List.of(), CheckTampering.find(checks, List.of("src/A.java")));
        DeclaredChecks reads = checks(new CheckDeclaration("tests", List.of("python3", "-m", "pytest", "tests/test_a.py"), false, null),
                new CheckDeclaration("exists", List.of("test", "-s", "notes.txt"), false, null));
        assertEquals(List.of(), CheckTampering.find(reads, List.of("tests/test_a.py", "notes.txt")), "files a check reads are not its script");
    }

    private Verification verify(DeclaredChecks checks, String key) {
        return verifier.verify(patched, checks, SandboxMode.NONE, key, this::base);
    }

    private Verifier.BaseWorkspace base() {
        baseRuns.incrementAndGet();
        return new Verifier.BaseWorkspace() {
            @Override
            public Path directory() {
                return base;
            }

            @Override
            public void close() {
            }
        };
    }

    private static CheckDeclaration shell(String name, String line) {
        return ConfiguredChecks.shell(name, line, null);
    }

    private static DeclaredChecks checks(CheckDeclaration... checks) {
        return ConfiguredChecks.of(List.of(checks));
    }
}
