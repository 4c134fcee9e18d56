package dev.patchlane.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.AgentStep;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.ContentSources;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.worker.Attempt;
import dev.patchlane.worker.solve.SolveContext;
import dev.patchlane.worker.support.Jobs;
import dev.patchlane.worker.support.ScriptedDecoder;
import dev.patchlane.worker.support.ScriptedDecoder.Turn;
import dev.patchlane.worker.support.TestConfig;
import dev.patchlane.worker.support.TestRepository;
import dev.patchlane.worker.verify.PatchVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deep lane's tool loop on a real repository, its real checks and a real checkout. */
class AgentSolverTest {

    private static final String LINTY = "package demo;\n\nimport java.util.List;\nimport java.util.Map;  \n\npublic class Widget {\n"
            + "    private final List<String> names = List.of();  \n}\n";

    @TempDir
    Path temp;

    private TestRepository repository;
    private TestConfig config;

    @BeforeEach
    void repository() throws Exception {
        repository = TestRepository.create(temp, Map.of(
                "src/Widget.java", LINTY,
                "status.txt", "ok\n",
                "checks/status.sh", "grep -q '^ok$' status.txt || { echo 'status.txt is not ok'; exit 1; }\n",
                ".patchlane.yml", "version: 1\nchecks:\n  - name: status\n    run: [\"sh\", \"checks/status.sh\"]\n"));
        // The sandbox itself is tested in the sandbox module; here the checks run wherever the machine allows.
        config = new TestConfig().set("patchlane.verify.sandbox", "none")
                .set("patchlane.verify.repositories.\"" + repository.location() + "\".trust-repository-checks", "true");
    }

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    void theEmulatedDeepModelReadsChecksEditsChecksAgainAndFinishes() {
        EmulatorSettings settings = EmulatorSettings.deepLane().withOverride(new StreamTiming(Duration.ofMillis(1), 100_000));
        try (EmulatedDecoder decoder = EmulatedDecoder.create(settings, ContentSources.standard(Optional.empty()), Profiles.builtIn())) {
            Attempt attempt = solve(job(JobKind.LINT_FIX, "Fix the lint findings."), decoder);

            assertEquals(OutcomeResult.PATCH_READY, attempt.result(), attempt.summary());
            List<String> tools = attempt.agent().steps().stream().map(AgentStep::tool).toList();
            assertEquals(List.of("read_file", "run_check", "apply_diff", "run_check", "finish"), tools);
            assertTrue(attempt.agent().steps().stream().allMatch(AgentStep::ok), attempt.agent().steps().toString());
            assertEquals(5, attempt.agent().turns());
            assertEquals("finished", attempt.agent().ended());
            assertTrue(attempt.decoder().contentSource().contains("fixer:lint"), attempt.decoder().contentSource());
            assertTrue(attempt.patch().contains("-import java.util.Map;"), "the unused import is removed: " + attempt.patch());
            repository.snapshot().apply(attempt.patch(), SafetyPolicy.defaults());
            assertEquals(VerificationVerdict.VERIFIED, attempt.verification().verdict());
            assertEquals(CheckStatus.PASSED, attempt.verification().checks().get(0).status());
            assertTrue(attempt.usage().promptTokens() > 0 && attempt.usage().completionTokens() > 0);
        }
    }

    @Test
    void aModelThatRepeatsTheSameCallIsStoppedWithThatReason() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.call("read_file", "{\"path\":\"status.txt\"}"));
        Attempt attempt = solve(job(JobKind.ISSUE, "Fix it."), model);

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.summary().contains("repeated the same call read_file(path=status.txt) 4 times"), attempt.summary());
        assertEquals(4, attempt.agent().steps().size());
        assertFalse(attempt.agent().steps().get(3).ok());
        assertTrue(attempt.summary().contains("changed nothing"), attempt.summary());
    }

    @Test
    void theTurnBudgetEndsTheLoopAndSaysWhatWasDone() {
        config.set("patchlane.lane.test.agent.max-turns", "3");
        AtomicInteger turn = new AtomicInteger();
        ScriptedDecoder model = new ScriptedDecoder(request -> turn.incrementAndGet() == 1
                ? Turn.call("write_file", "{\"path\":\"notes.txt\",\"content\":\"x\\n\"}")
                : Turn.call("list_files", "{\"directory\":\"d" + turn.get() + "\"}"));
        Attempt attempt = solve(job(JobKind.ISSUE, "Fix it."), model);

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.summary().startsWith("out of turns: 3 of 3"), attempt.summary());
        assertTrue(attempt.summary().contains("changed notes.txt"), attempt.summary());
        assertEquals(3, model.requests().size());
        assertEquals("out of turns: 3 of 3", attempt.agent().ended());
        assertNotNull(attempt.patch(), "what it had done is kept");
    }

    @Test
    void theTokenAndCostBudgetsAreEnforced() {
        config.set("patchlane.lane.test.agent.max-tokens", "50");
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.call("list_files", "{\"directory\":\"" + request.messages().size() + "\"}"));
        Attempt attempt = solve(job(JobKind.ISSUE, "Fix it."), model);
        assertTrue(attempt.summary().startsWith("out of tokens:"), attempt.summary());
        assertEquals(1, model.requests().size(), "the first turn already spends the budget");

        config.set("patchlane.lane.test.agent.max-tokens", "1000000").set("patchlane.lane.test.agent.max-cost-usd", "0.0001");
        attempt = solve(job(JobKind.ISSUE, "Fix it."), new ScriptedDecoder(request -> Turn.call("list_files",
                "{\"directory\":\"" + request.messages().size() + "\"}")));
        assertTrue(attempt.summary().startsWith("out of budget: $"), attempt.summary());
    }

    @Test
    void hostileAndMalformedCallsAreRefusedToTheModelAndRecorded() throws Exception {
        Path secret = temp.resolve("secret.txt");
        Files.writeString(secret, "host secret\n");
        Deque<Turn> turns = new ArrayDeque<>(List.of(
                Turn.call("read_file", "{\"path\":\"../../secret.txt\"}"),
                Turn.call("read_file", "{\"path\":\"" + secret + "\"}"),
                Turn.call("write_file", "{\"path\":\".git/config\",\"content\":\"x\"}"),
                Turn.call("write_file", "{\"path\":\"../escape.txt\",\"content\":\"x\"}"),
                Turn.call("apply_diff", "{\"diff\":\"--- a/../x\\n+++ b/../x\\n@@ -0,0 +1 @@\\n+x\\n\"}"),
                Turn.call("rm_rf", "{}"),
                Turn.call("read_file", "{\"path\":5}"),
                Turn.call("read_file", "{\"path\":\"a\",\"extra\":true}"),
                Turn.call("read_file", "{\"path\": \"status.txt\""),
                Turn.call("run_check", "{\"name\":\"not-declared\"}"),
                Turn.call("finish", "{\"outcome\":\"give_up\",\"summary\":\"nothing worked\"}")));
        ScriptedDecoder model = new ScriptedDecoder(request -> turns.poll());
        String gitConfig = Files.readString(repository.directory().resolve(".git/config"));
        Attempt attempt = solve(job(JobKind.ISSUE, "Fix it."), model);

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertEquals("the model gave up: nothing worked", attempt.summary());
        List<AgentStep> steps = attempt.agent().steps();
        assertEquals(11, steps.size());
        for (AgentStep step : steps.subList(0, 10)) {
            assertFalse(step.ok(), "refused: " + step);
        }
        List<ChatMessage> lastConversation = model.requests().get(model.requests().size() - 1).messages();
        List<String> results = lastConversation.stream().filter(ChatMessage::isToolResult).map(ChatMessage::content).toList();
        assertEquals(10, results.size());
        assertTrue(results.stream().allMatch(r -> r.startsWith("error: ")), results.toString());
        assertTrue(results.stream().noneMatch(r -> r.contains("host secret")), "the host file never reaches the model");
        assertTrue(results.get(5).contains("unknown tool 'rm_rf'"), results.get(5));
        assertTrue(results.get(6).contains("break its schema"), results.get(6));
        assertTrue(results.get(7).contains("break its schema"), results.get(7));
        assertTrue(results.get(8).contains("not JSON"), results.get(8));
        assertTrue(results.get(9).contains("break its schema"), results.get(9));
        assertFalse(Files.exists(temp.resolve("escape.txt")));
        assertEquals(gitConfig, Files.readString(repository.directory().resolve(".git/config")));
        assertNull(attempt.patch(), "nothing changed in the workspace");
    }

    @Test
    void aDeepPatchThatBreaksACheckThatPassedBeforeEndsFailedWithTheCheckOutput() {
        Deque<Turn> turns = new ArrayDeque<>(List.of(
                Turn.call("write_file", "{\"path\":\"status.txt\",\"content\":\"broken\\n\"}"),
                Turn.call("finish", "{\"outcome\":\"patch\",\"summary\":\"changed the status\"}")));
        Attempt attempt = solve(job(JobKind.ISSUE, "Change the status."), new ScriptedDecoder(request -> turns.poll()));

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertEquals(VerificationVerdict.FAILED, attempt.verification().verdict());
        assertEquals(CheckStatus.PASSED, attempt.verification().checks().get(0).baseline());
        assertTrue(attempt.summary().contains("status.txt is not ok"), attempt.summary());
        assertTrue(attempt.patch().contains("+broken"), attempt.patch());
    }

    @Test
    void aModelThatOnlyTalksIsToldToUseTheTools() {
        Deque<Turn> turns = new ArrayDeque<>(List.of(Turn.text("I think the fix is obvious."),
                Turn.call("finish", "{\"outcome\":\"no_change\",\"summary\":\"already fine\"}")));
        ScriptedDecoder model = new ScriptedDecoder(request -> turns.poll());
        Attempt attempt = solve(job(JobKind.ISSUE, "Fix it."), model);
        assertEquals(OutcomeResult.NO_CHANGE, attempt.result());
        assertEquals("already fine", attempt.summary());
        assertEquals("user", model.requests().get(1).messages().get(model.requests().get(1).messages().size() - 1).role());
    }

    private RoutedJob job(JobKind kind, String instructions) {
        return Jobs.routed(Lane.DEEP, kind, repository.location(), List.of("src/Widget.java"), instructions, null, null);
    }

    private Attempt solve(RoutedJob routed, Decoder decoder) {
        TestConfig.TestLane lane = config.lane();
        PatchVerification verification = PatchVerification.create(config.verify(), temp.resolve("workspaces"));
        SolveContext context = new SolveContext(routed, repository.snapshot(), SafetyPolicy.defaults(), decoder, lane, System.nanoTime());
        Attempt attempt = new AgentSolver(verification, lane.agent()).solve(context);
        try (var left = Files.list(temp.resolve("workspaces"))) {
            assertEquals(0, left.filter(Files::isDirectory).count(), "the attempt's workspace is deleted");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return attempt;
    }
}
