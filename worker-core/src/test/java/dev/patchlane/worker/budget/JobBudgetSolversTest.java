package dev.patchlane.worker.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.emulator.ContentSources;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.FaultSettings;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.worker.Attempt;
import dev.patchlane.worker.agent.AgentSolver;
import dev.patchlane.worker.solve.SingleShotSolver;
import dev.patchlane.worker.solve.SolveContext;
import dev.patchlane.worker.solve.Solver;
import dev.patchlane.worker.solve.StructuredSolver;
import dev.patchlane.worker.support.Jobs;
import dev.patchlane.worker.support.ScriptedDecoder;
import dev.patchlane.worker.support.ScriptedDecoder.Turn;
import dev.patchlane.worker.support.TestConfig;
import dev.patchlane.worker.support.TestRepository;
import dev.patchlane.worker.verify.PatchVerification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's own budget against each solver, on a real repository with the emulated models or a scripted one. */
class JobBudgetSolversTest {

    private static final String LINTY = "package demo;\n\nimport java.util.List;\nimport java.util.Map;  \n\npublic class Widget {\n"
            + "    private final List<String> names = List.of();  \n}\n";

    @TempDir
    Path temp;

    private TestRepository repository;
    private final TestConfig config = new TestConfig().set("patchlane.verify.enabled", "false");

    @BeforeEach
    void repository() throws Exception {
        repository = TestRepository.create(temp, Map.of("src/Widget.java", LINTY));
    }

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    void theEmulatedDeepAgentStopsAtTheJobsTurnBudgetAndSaysSo() {
        EmulatorSettings settings = EmulatorSettings.deepLane().withOverride(new StreamTiming(Duration.ofMillis(1), 100_000));
        try (EmulatedDecoder decoder = EmulatedDecoder.create(settings, ContentSources.standard(Optional.empty()), Profiles.builtIn())) {
            // Without a budget this model takes five turns (AgentSolverTest); the job allows two, the lane 24.
            Attempt attempt = solve(deep(new Budget(null, null, 2), Usage.NONE, 0), decoder, agent());

            assertEquals(OutcomeResult.FAILED, attempt.result(), attempt.summary());
            assertTrue(attempt.overBudget());
            assertTrue(attempt.summary().startsWith("over budget: 2 deep turns of 2 (max deep turns)"), attempt.summary());
            assertEquals(2, attempt.agent().turns());
            assertEquals(2, attempt.agent().maxTurns(), "the trail shows the limit that applied");
        }
    }

    @Test
    void aDeepAttemptStartsNoTurnTheTokensLeftByTheFastAttemptCannotPayFor() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.call("list_files", "{\"directory\":\"src\"}"));
        Attempt attempt = solve(deep(new Budget(1_000L, null, null), new Usage(900, 80), 0), model, agent());

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.overBudget());
        assertTrue(attempt.summary().startsWith("over budget: the next prompt needs"), attempt.summary());
        assertTrue(attempt.summary().contains("20 of the job's 1,000 are left (max tokens)"), attempt.summary());
        assertEquals(0, model.requests().size(), "no decode was started");
        assertEquals(20, attempt.agent().maxTokens());
    }

    @Test
    void theDeepAgentsTokensCountWithTheFastAttemptsAgainstTheJobsBudget() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.call("list_files", listArguments(request)));
        Attempt attempt = solve(deep(new Budget(6_000L, null, null), new Usage(1_000, 200), 0), model, agent());

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.overBudget());
        assertTrue(attempt.summary().startsWith("over budget: "), attempt.summary());
        assertTrue(attempt.summary().contains("(max tokens)"), attempt.summary());
        assertTrue(model.requests().size() > 1, "it ran turns until the budget was spent");
        // Each decode's prompt and granted output fit what the job had left. The scripted model ignores its grant (a real
        // one stops there), so the total may pass the budget by the last call's overshoot; what the agent granted may not.
        long spent = 1_200;
        for (DecodeRequest request : model.requests()) {
            assertTrue(spent + request.promptTokens() + request.maxOutputTokens() <= 6_000, "granted no more than the budget left: "
                    + spent + " spent, a prompt of " + request.promptTokens() + " and " + request.maxOutputTokens() + " output tokens granted");
            spent += request.promptTokens() + TokenCounter.count(listArguments(request));
        }
    }

    private static String listArguments(DecodeRequest request) {
        return "{\"directory\":\"" + request.messages().size() + "\"}";
    }

    @Test
    void aFastJobWhosePromptExceedsItsTokenBudgetIsRefusedBeforeAnyDecode() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("NO_CHANGE: fine"));
        Attempt attempt = solve(fast(new Budget(10L, null, null)), model, new SingleShotSolver(verification()));

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.overBudget());
        assertTrue(attempt.summary().matches("over budget: the next prompt needs [0-9,]+ tokens and 10 of the job's 10 are left \\(max tokens\\)"),
                attempt.summary());
        assertEquals(0, model.requests().size());
        assertEquals(Usage.NONE, attempt.usage(), "nothing was spent");
    }

    @Test
    void aFastJobWithATinyTokenBudgetHasItsReplyCutAtTheBudgetAndFails() {
        // no injected faults: the unlimited reply is the baseline, and one in twenty of the fast class's is a malformed diff
        EmulatorSettings settings = EmulatorSettings.fastLane().withFaults(FaultSettings.NONE, 1)
                .withOverride(new StreamTiming(Duration.ofMillis(1), 100_000));
        try (EmulatedDecoder decoder = EmulatedDecoder.create(settings, ContentSources.standard(Optional.empty()), Profiles.builtIn())) {
            Attempt unlimited = solve(fast(null), decoder, new SingleShotSolver(verification()));
            assertEquals(OutcomeResult.PATCH_READY, unlimited.result(), unlimited.summary());
            long prompt = unlimited.usage().promptTokens();
            // The prompt's nonce makes its length vary by some tokens between attempts; the margin stays well inside the reply.
            long budget = prompt + 40;
            assertTrue(unlimited.usage().completionTokens() > 2 * 40, "the unlimited reply is longer than the margin: " + unlimited.usage());

            Attempt attempt = solve(fast(new Budget(budget, null, null)), decoder, new SingleShotSolver(verification()));
            assertEquals(OutcomeResult.FAILED, attempt.result());
            assertTrue(attempt.overBudget());
            assertEquals(String.format(java.util.Locale.ROOT, "over budget: %,d tokens of %,d (max tokens)", budget, budget),
                    attempt.summary());
            assertEquals(budget, attempt.usage().promptTokens() + attempt.usage().completionTokens(),
                    "the reply was granted what the budget left after its prompt (whose nonce makes its length vary a little)");
        }
    }

    @Test
    void aCostBudgetBindsLikeATokenBudget() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("NO_CHANGE: fine"));
        // $1.25 per million prompt tokens: a few hundred prompt tokens cost more than a millionth of a dollar.
        Attempt attempt = solve(fast(new Budget(null, 0.000001, null)), model, new SingleShotSolver(verification()));
        assertTrue(attempt.overBudget());
        assertTrue(attempt.summary().startsWith("over budget: the next prompt costs $"), attempt.summary());
        assertTrue(attempt.summary().endsWith("(max cost)"), attempt.summary());
        assertEquals(0, model.requests().size());
    }

    @Test
    void aStructuredJobIsNotAskedAgainWhenTheBudgetCannotPayForIt() throws Exception {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("{\"answer\": 1}"));
        var schema = dev.patchlane.contracts.Json.mapper().readTree("{\"type\":\"object\",\"required\":[\"answer\"],"
                + "\"properties\":{\"answer\":{\"type\":\"string\"}}}");
        RoutedJob first = Jobs.routed(Lane.FAST, JobKind.ISSUE, repository.location(), List.of("src/Widget.java"), "Answer.", schema, null);
        Attempt unlimited = solve(first, model, new StructuredSolver());
        assertTrue(unlimited.summary().contains("still invalid after one re-ask"), unlimited.summary());
        long firstAsk = model.requests().get(0).promptTokens() + 6;

        model.requests().clear();
        Attempt attempt = solve(withBudget(first, new Budget(firstAsk + 20, null, null), Usage.NONE, 0), model, new StructuredSolver());
        assertTrue(attempt.overBudget(), attempt.summary());
        assertTrue(attempt.summary().startsWith("over budget: "), attempt.summary());
        assertTrue(attempt.summary().contains("the first reply was invalid"), attempt.summary());
        assertEquals(1, model.requests().size(), "asked once, not again");
    }

    private AgentSolver agent() {
        return new AgentSolver(verification(), config.lane().agent());
    }

    private PatchVerification verification() {
        return PatchVerification.create(config.verify(), temp.resolve("workspaces"));
    }

    private RoutedJob deep(Budget budget, Usage before, double costBefore) {
        RoutedJob routed = Jobs.routed(Lane.DEEP, JobKind.LINT_FIX, repository.location(), List.of("src/Widget.java"), "Fix the lint findings.",
                null, null);
        return withBudget(routed, budget, before, costBefore);
    }

    private RoutedJob fast(Budget budget) {
        RoutedJob routed = Jobs.routed(Lane.FAST, JobKind.LINT_FIX, repository.location(), List.of("src/Widget.java"), "Fix the lint findings.",
                null, null);
        return withBudget(routed, budget, Usage.NONE, 0);
    }

    private static RoutedJob withBudget(RoutedJob routed, Budget budget, Usage before, double costBefore) {
        Job j = routed.job();
        Job job = new Job(j.schemaVersion(), j.id(), j.kind(), j.repository(), j.baseRef(), j.targetPaths(), j.instructions(), j.outputSchema(),
                j.laneHint(), j.source(), j.idempotencyKey(), j.submittedAt(), j.tenant(), budget);
        return new RoutedJob(routed.schemaVersion(), job, routed.decision(), routed.attempt(), routed.escalation(), before, routed.history(),
                routed.routedAt(), costBefore);
    }

    private Attempt solve(RoutedJob routed, Decoder decoder, Solver solver) {
        SolveContext context = new SolveContext(routed, repository.snapshot(), SafetyPolicy.defaults(), decoder, config.lane(), System.nanoTime());
        return solver.solve(context);
    }
}
