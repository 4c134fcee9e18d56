package dev.patchlane.sink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.AgentStep;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull request says what was verified, how, and what the deep lane's agent did; all of it untrusted text kept inert. */
class VerificationTextTest {

    @TempDir
    Path tmp;

    static Outcome with(Outcome o, Verification verification, AgentRun agent) {
        return new Outcome(o.schemaVersion(), o.routed(), o.lane(), o.baseCommit(), o.result(), o.patch(), o.summary(), o.escalate(), o.usage(),
                o.costUsd(), o.timings(), o.decoder(), o.history(), o.finishedAt(), verification, agent, o.document());
    }

    static Verification lintPassesTestsAlreadyFailing() {
        return new Verification(VerificationVerdict.VERIFIED, "bwrap", List.of(
                new CheckResult("lint", "ruff check src", CheckStatus.PASSED, 0, 850, "All checks passed!\n", null, CheckStatus.PASSED),
                new CheckResult("test", "pytest -q", CheckStatus.FAILED, 1, 12_400, "FAILED tests/test_io.py::test_read\n1 failed, 41 passed\n", null,
                        CheckStatus.FAILED)),
                "lint passed; test was already failing before this patch");
    }

    @Test
    void theBodyHasAVerificationTableWithTheBaseCommitsResults() throws Exception {
        Fixture fixture = Fixture.create(tmp, tmp.resolve("remote.git"));
        String body = PullRequestText.body(with(fixture.outcome(), lintPassesTestsAlreadyFailing(), null), "c0ffee");

        assertTrue(body.contains("### Verification"), body);
        assertTrue(body.contains("**Verified**"), body);
        assertTrue(body.contains("- **sandbox**: `bwrap`"), body);
        assertTrue(body.contains("| check | command | with this patch | on the base commit | duration |"), body);
        assertTrue(body.contains("| `` lint `` | `` ruff check src `` | passed | passed | 850 ms |"), body);
        assertTrue(body.contains("| `` test `` | `` pytest -q `` | **failed** (exit 1) | failed: already failing before this patch | 12.4 s |"), body);
        assertTrue(body.contains("<details><summary>Output of <code>test</code>"), body);
        assertTrue(body.contains("````text\nFAILED tests/test_io.py::test_read\n1 failed, 41 passed\n````"), body);
        assertFalse(body.contains("Not verified"), body);
        assertFalse(body.contains("Deep-lane agent"), "a single-shot attempt has no agent trail:\n" + body);
        assertTrue(body.indexOf("### Verification") < body.indexOf("### Job"), "verification comes before the details");
    }

    @Test
    void aBrokenCheckAndAnUnsandboxedRunAreSaidPlainly() throws Exception {
        Fixture fixture = Fixture.create(tmp, tmp.resolve("remote.git"));
        Verification failed = new Verification(VerificationVerdict.FAILED, "none", List.of(
                new CheckResult("test", "pytest", CheckStatus.TIMED_OUT, -1, 60_000, "", "ran past 60 s", CheckStatus.PASSED)), "test timed out");
        String body = PullRequestText.body(with(fixture.outcome(), failed, null), "c0ffee");

        assertTrue(body.contains("**Verification failed**"), body);
        assertTrue(body.contains("**none: not sandboxed**"), body);
        assertTrue(body.contains("**timed out**: `` ran past 60 s `` | passed: **broken by this patch** | 60.0 s |"), body);
    }

    @Test
    void nothingCheckedSaysNotVerified() throws Exception {
        Fixture fixture = Fixture.create(tmp, tmp.resolve("remote.git"));
        String none = PullRequestText.body(with(fixture.outcome(), Verification.notVerified("bwrap", "no checks declared"), null), "c0ffee");
        assertTrue(none.contains("**Not verified**: `` no checks declared ``"), none);
        assertFalse(none.contains("| check |"), none);

        String absent = PullRequestText.body(fixture.outcome(), "c0ffee");
        assertTrue(absent.contains("**Not verified**: the attempt recorded no verification"), absent);
    }

    @Test
    void theAgentTrailShowsBudgetsAndTheFirstFiftySteps() throws Exception {
        Fixture fixture = Fixture.create(tmp, tmp.resolve("remote.git"));
        List<AgentStep> steps = new ArrayList<>();
        steps.add(new AgentStep(1, "read_file", "src/Main.java", true, 2048, 3, "1 file"));
        steps.add(new AgentStep(2, "run_check", "lint", false, 120, 900, "path outside the repository"));
        for (int i = 0; i < 60; i++) {
            steps.add(new AgentStep(3 + i / 10, "list_dir", "src/" + i, true, 64, 1, null));
        }
        AgentRun agent = new AgentRun(9, 20, 48_000, 200_000, 0.0125, 0.5, 42_000, 600_000, "finished", steps);
        String body = PullRequestText.body(with(fixture.outcome(), lintPassesTestsAlreadyFailing(), agent), "c0ffee");

        assertTrue(body.contains("### Deep-lane agent"), body);
        assertTrue(body.contains("- **turns**: 9 of 20"), body);
        assertTrue(body.contains("- **tokens**: 48,000 of 200,000"), body);
        assertTrue(body.contains("- **cost**: $0.0125 of $0.5000"), body);
        assertTrue(body.contains("- **wall time**: 42.0 s of 600.0 s"), body);
        assertTrue(body.contains("- **ended**: `` finished ``"), body);
        assertTrue(body.contains("| 1 | `` read_file `` | `` src/Main.java `` | yes | 2.0 KiB | 3 ms | `` 1 file `` |"), body);
        assertTrue(body.contains("| 2 | `` run_check `` | `` lint `` | **no** | 120 B | 900 ms | `` path outside the repository `` |"), body);
        assertEquals(PullRequestText.MAX_STEPS, body.lines().filter(line -> line.matches("\\| \\d+ \\| .*")).count(), "bounded");
        assertTrue(body.contains("… 12 more steps not shown."), body);
    }

    @Test
    void checkAndStepTextCannotBreakTheTableMentionPeopleOrCloseTheDetails() throws Exception {
        Fixture fixture = Fixture.create(tmp, tmp.resolve("remote.git"));
        Verification hostile = new Verification(VerificationVerdict.VERIFIED, "bwrap", List.of(
                new CheckResult("lint | @octocat\n</code></summary><img src=x>", "sh -c 'a | b' `rm -rf`", CheckStatus.PASSED, 0, 5,
                        "```` fence\n</details>\n@octocat ![x](https://evil.example/x.png)\n", null, null)), "ok");
        AgentRun agent = new AgentRun(1, 5, 10, 100, 0, 1, 1, 10, "finished\n## Owned",
                List.of(new AgentStep(1, "tool|x", "a | b `c`", true, 1, 1, "@octocat")));
        String body = PullRequestText.body(with(fixture.outcome(), hostile, agent), "c0ffee");

        assertTrue(body.contains("| `` lint \\| @octocat </code></summary><img src=x> `` | `` sh -c 'a \\| b' 'rm -rf' `` | passed | not run |"), body);
        assertTrue(body.contains("<summary>Output of <code>lint | &#64;octocat &lt;/code&gt;&lt;/summary&gt;&lt;img src=x&gt;</code>"), body);
        assertTrue(body.contains("`````text\n```` fence\n</details>\n@octocat"), "the output sits in a fence longer than any it holds:\n" + body);
        assertTrue(body.contains("`` finished ## Owned ``"), body);
        assertTrue(body.contains("| 1 | `` tool\\|x `` | `` a \\| b 'c' `` |"), body);
    }
}
