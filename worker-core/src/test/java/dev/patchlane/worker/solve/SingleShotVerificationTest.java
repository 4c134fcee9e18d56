package dev.patchlane.worker.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patchlane.codebase.FileChange;
import dev.patchlane.codebase.UnifiedDiff;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.codebase.workspace.Workspaces;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.sandbox.BwrapRunner;
import dev.patchlane.sandbox.Limits;
import dev.patchlane.sandbox.UnsandboxedRunner;
import dev.patchlane.sandbox.verify.BaselineCache;
import dev.patchlane.sandbox.verify.CheckRunner;
import dev.patchlane.sandbox.verify.Verifier;
import dev.patchlane.worker.Attempt;
import dev.patchlane.worker.support.Jobs;
import dev.patchlane.worker.support.ScriptedDecoder;
import dev.patchlane.worker.support.ScriptedDecoder.Turn;
import dev.patchlane.worker.support.TestConfig;
import dev.patchlane.worker.support.TestRepository;
import dev.patchlane.worker.verify.PatchVerification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast lane's patch written to a checkout and judged by the repository's checks, against the base commit's results. */
class SingleShotVerificationTest {

    private static final String CHECKS = "version: 1\nchecks:\n  - name: status\n    run: [\"sh\", \"checks/status.sh\"]\n    timeout: 2s\n";
    private static final String CHECK_SCRIPT = "sh status.sh\n";

    @TempDir
    Path temp;

    private TestRepository repository;
    private final TestConfig config = new TestConfig().set("patchlane.verify.sandbox", "none")
            .set("patchlane.verify.limits.output-bytes", "65536");

    @AfterEach
    void close() {
        if (repository != null) {
            repository.close();
        }
    }

    @Test
    void aPatchThatBreaksACheckThatPassedBeforeFailsWithTheCheckOutput() throws Exception {
        repo(Map.of("status.sh", "echo all good\n", ".patchlane.yml", CHECKS));
        Attempt attempt = solve("status.sh", "echo all good\n", "echo the build is broken; exit 3\n", verification());

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertEquals(VerificationVerdict.FAILED, attempt.verification().verdict());
        CheckResult check = attempt.verification().checks().get(0);
        assertEquals(CheckStatus.FAILED, check.status());
        assertEquals(3, check.exitCode());
        assertEquals(CheckStatus.PASSED, check.baseline());
        assertTrue(attempt.summary().contains("the build is broken"), attempt.summary());
        assertTrue(attempt.summary().contains("it passed on the base commit"), attempt.summary());
        assertTrue(attempt.patch() != null, "the failing patch is kept for the deep lane's prompt");
    }

    @Test
    void aCheckThatWasAlreadyFailingIsNotBlamedOnThePatch() throws Exception {
        repo(Map.of("status.sh", "echo red before; exit 1\n", "notes.txt", "a\n", ".patchlane.yml",
                CHECKS + "  - name: notes\n    run: [\"test\", \"-s\", \"notes.txt\"]\n"));
        Attempt attempt = solve("notes.txt", "a\n", "b\n", verification());

        assertEquals(OutcomeResult.PATCH_READY, attempt.result(), attempt.summary());
        assertEquals(VerificationVerdict.VERIFIED, attempt.verification().verdict());
        assertTrue(attempt.verification().checks().get(0).alreadyFailing());
        assertTrue(attempt.summary().contains("passed: notes; already failing before the patch: status"), attempt.summary());
    }

    @Test
    void aCheckThatHangsIsKilledAtItsTimeoutAndSaysSo() throws Exception {
        repo(Map.of("status.sh", "echo fine\n", ".patchlane.yml", CHECKS));
        long start = System.nanoTime();
        Attempt attempt = solve("status.sh", "echo fine\n", "sleep 600\n", verification());

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "killed at the check's 2 s timeout, not after 600 s");
        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertEquals(CheckStatus.TIMED_OUT, attempt.verification().checks().get(0).status());
        assertTrue(attempt.summary().contains("timed_out"), attempt.summary());
    }

    @Test
    void aCheckThatPrintsWithoutEndIsStoppedAtTheOutputLimit() throws Exception {
        repo(Map.of("status.sh", "echo fine\n", ".patchlane.yml", CHECKS));
        Attempt attempt = solve("status.sh", "echo fine\n", "yes patchlane\n", verification());

        CheckResult check = attempt.verification().checks().get(0);
        assertEquals(CheckStatus.OUTPUT_LIMIT, check.status());
        assertTrue(check.outputTail().length() <= 4096 + 16, "only a bounded tail is kept: " + check.outputTail().length());
        assertEquals(OutcomeResult.FAILED, attempt.result());
    }

    @Test
    void withoutChecksThePatchIsReadyAndSaysItWasNotVerified() throws Exception {
        repo(Map.of("notes.txt", "a\n"));
        Attempt attempt = solve("notes.txt", "a\n", "b\n", verification());

        assertEquals(OutcomeResult.PATCH_READY, attempt.result());
        assertEquals(VerificationVerdict.NOT_VERIFIED, attempt.verification().verdict());
        assertTrue(attempt.verification().summary().contains("no checks are declared"), attempt.verification().summary());
    }

    @Test
    void withoutASandboxRepositoryCommandsAreRefusedWithTheReason() throws Exception {
        repo(Map.of("status.sh", "touch ran\n", "notes.txt", "a\n", ".patchlane.yml", CHECKS));
        TestConfig sandboxed = new TestConfig();
        CheckRunner noSandbox = new CheckRunner(Optional.empty(), "bwrap is not installed (Debian package bubblewrap)", new UnsandboxedRunner(),
                Limits.defaults());
        PatchVerification verification = new PatchVerification(sandboxed.verify(), new Verifier(noSandbox, new BaselineCache(4)),
                new Workspaces(temp.resolve("workspaces")));
        Attempt attempt = solve("notes.txt", "a\n", "b\n", verification);

        assertEquals(OutcomeResult.PATCH_READY, attempt.result());
        assertEquals(VerificationVerdict.NOT_VERIFIED, attempt.verification().verdict());
        assertEquals("unavailable", attempt.verification().sandbox());
        assertEquals(CheckStatus.REFUSED, attempt.verification().checks().get(0).status());
        assertTrue(attempt.verification().summary().contains("bwrap is not installed"), attempt.verification().summary());
        assertTrue(attempt.verification().summary().contains("sandbox: none"), attempt.verification().summary());
    }

    @Test
    void inTheSandboxTheChecksRunIsolatedAndStillJudgeThePatch() throws Exception {
        assumeTrue(BwrapRunner.probe(List.of()).isAvailable(), () -> "bwrap unavailable: " + BwrapRunner.probe(List.of()).unavailableReason());
        repo(Map.of("status.sh", "echo fine\n", ".patchlane.yml", CHECKS));
        TestConfig sandboxed = new TestConfig().set("patchlane.verify.sandbox", "bwrap");
        Attempt attempt = solve("status.sh", "echo fine\n", "cat /etc/shadow || exit 9\n",
                PatchVerification.create(sandboxed.verify(), temp.resolve("workspaces")));

        assertEquals("bwrap", attempt.verification().sandbox());
        assertEquals(9, attempt.verification().checks().get(0).exitCode(), attempt.verification().toString());
        assertEquals(OutcomeResult.FAILED, attempt.result());
    }

    @Test
    void aBrokenChecksFileFailsTheAttemptNamingTheProblem() throws Exception {
        repo(Map.of("notes.txt", "a\n", ".patchlane.yml", "version: 1\nchecks:\n  - name: x\n    run: \"sh -c 'rm -rf /'\"\n"));
        Attempt attempt = solve("notes.txt", "a\n", "b\n", verification());
        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.summary().startsWith("cannot verify: .patchlane.yml"), attempt.summary());
    }

    private void repo(Map<String, String> files) throws Exception {
        Map<String, String> all = new HashMap<>(files);
        all.put("checks/status.sh", CHECK_SCRIPT);
        repository = TestRepository.create(temp, all);
        // unsandboxed, a repository's own checks run only where the operator trusts them
        config.set("patchlane.verify.repositories.\"" + repository.location() + "\".trust-repository-checks", "true");
    }

    @Test
    void aPatchThatChangesTheCheckItselfIsNotTrustedToPass() throws Exception {
        repo(Map.of("status.sh", "echo fine\n", ".patchlane.yml", CHECKS));
        Attempt attempt = solve("checks/status.sh", CHECK_SCRIPT, "exit 0\n", verification());
        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertEquals(VerificationVerdict.FAILED, attempt.verification().verdict());
        assertTrue(attempt.summary().contains("the patch changes checks/status.sh, which this check runs"), attempt.summary());
    }

    @Test
    void unsandboxedTheRepositorysOwnChecksFileIsIgnoredUnlessTrusted() throws Exception {
        repository = TestRepository.create(temp, Map.of("status.sh", "echo fine\n", "checks/status.sh", CHECK_SCRIPT, ".patchlane.yml", CHECKS));
        Attempt attempt = solve("status.sh", "echo fine\n", "echo changed\n", verification());
        assertEquals(VerificationVerdict.NOT_VERIFIED, attempt.verification().verdict());
        assertTrue(attempt.verification().summary().contains("no checks are declared"), attempt.verification().summary());
    }

    private PatchVerification verification() {
        return PatchVerification.create(config.verify(), temp.resolve("workspaces"));
    }

    private Attempt solve(String path, String before, String after, PatchVerification verification) {
        String diff = UnifiedDiff.of(new FileChange(path, before, after));
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("Changed " + path + ".\n\n```diff\n" + diff + "```\n"));
        var routed = Jobs.routed(Lane.FAST, JobKind.ISSUE, repository.location(), List.of(path), "Change " + path, null, null);
        SolveContext context = new SolveContext(routed, repository.snapshot(), SafetyPolicy.defaults(), model, config.lane(), System.nanoTime());
        return new SingleShotSolver(verification).solve(context);
    }
}
