package dev.patchlane.router.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.LaneTally;
import dev.patchlane.pipeline.stats.RouteKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LearnedPolicyTest {

    private static final String REPO = "acme/api";
    private static final RouteFeatures LINT = new RouteFeatures(JobKind.LINT_FIX, 1, 900, false, List.of(), null);
    private static final RouteDecision RULES_FAST = new RouteDecision(Lane.FAST, List.of("bounded LINT_FIX job"), LINT);
    private static final RouteFeatures ISSUE = new RouteFeatures(JobKind.ISSUE, 1, 900, false, List.of(), null);
    private static final RouteDecision RULES_DEEP = new RouteDecision(Lane.DEEP, List.of("ISSUE jobs need reasoning"), ISSUE);

    private final LearnedPolicy policy = new LearnedPolicy(TestLearning.defaults(), 128_000);
    private final Map<String, KeyStats> stats = new HashMap<>();

    private void put(RouteFeatures features, int level, double fastAttempts, double fastSuccesses, double fastSeconds, double deepSeconds) {
        String key = RouteKey.of(features, REPO).levels().get(level);
        stats.put(key, new KeyStats(key, (long) fastAttempts, new LaneTally(fastAttempts, fastSuccesses, 0, fastAttempts * 0.002, fastAttempts * fastSeconds),
                LaneTally.NONE, new LaneTally(10, 7, 0, 10 * 0.05, 10 * deepSeconds), fastAttempts - fastSuccesses));
    }

    /** A key's long-run fast counts and its recent ones, at 8 s and $0.002 a fast attempt against 14 s and $0.005 deep. */
    private void putWithRecent(RouteFeatures features, int level, double attempts, double successes, double recentAttempts, double recentSuccesses) {
        String key = RouteKey.of(features, REPO).levels().get(level);
        stats.put(key, new KeyStats(key, (long) attempts, new LaneTally(attempts, successes, 0, attempts * 0.002, attempts * 8),
                new LaneTally(recentAttempts, recentSuccesses, 0, recentAttempts * 0.002, recentAttempts * 8),
                new LaneTally(10, 7, 0, 10 * 0.005, 10 * 14), 0));
    }

    private RouteDecision decide(RouteDecision rules, String jobId) {
        return policy.decide(rules, REPO, jobId, key -> stats.getOrDefault(key, KeyStats.empty(key)));
    }

    /** A job id whose exploration draw is at least (or, with {@code exploring}, below) the 5% floor. */
    private static String jobId(boolean exploring) {
        return IntStream.range(0, 10_000).mapToObj(i -> "job-" + i)
                .filter(id -> (LearnedPolicy.uniform(id) < 0.05) == exploring).findFirst().orElseThrow();
    }

    @Test
    void withoutEvidenceADrawFromThePriorDecidesAndTheReasonSaysSo() {
        RouteDecision decision = decide(RULES_FAST, "job-1");
        assertEquals(Lane.FAST, decision.lane());
        assertTrue(decision.reasons().get(0).matches("fast: P\\(success\\)=0\\.80 from 0 fast outcomes of LINT_FIX on acme/api \\(size S, no signals\\)"
                + " \\(thin evidence, fewer than 20: drew 0\\.\\d\\d from its posterior, prior 0\\.80 from the rules\\); expected .*"), decision.reasons().toString());
    }

    @Test
    void withThinEvidenceTheLanesAreTriedInProportionToTheirChanceOfBeingBetter() {
        // fast attempts slower than deep ones (a long queue for the checks): the cascade wins only above P = 0.56, and the
        // posterior's mean is 0.62
        put(LINT, 0, 6, 3, 40, 25);
        long fast = IntStream.range(0, 2_000).mapToObj(i -> decide(RULES_FAST, "thin-" + i)).filter(d -> d.lane() == Lane.FAST).count();
        assertTrue(fast > 50 && fast < 1_950, "both lanes drawn: " + fast + " of 2,000 fast");
        RouteDecision again = decide(RULES_FAST, "thin-7");
        assertEquals(again, decide(RULES_FAST, "thin-7"), "one job id, one decision");
        long labelled = IntStream.range(0, 2_000).mapToObj(i -> decide(RULES_FAST, "thin-" + i))
                .filter(d -> d.reasons().get(0).startsWith("exploring (a draw from a thin posterior)")).count();
        assertTrue(labelled > 0 && labelled < 2_000, "draws against the mean are labelled: " + labelled);
    }

    @Test
    void aDeepRuleJobWithoutEvidenceGoesFastWhenTheFastAttemptIsCheapEvenAtThePriorsLowEstimate() {
        long fast = IntStream.range(0, 1_000).mapToObj(i -> decide(RULES_DEEP, "cheap-" + i)).filter(d -> d.lane() == Lane.FAST).count();
        // prior Beta(1.2, 2.8); default figures make the cascade win above P = 0.05: most draws, not all
        assertTrue(fast > 800 && fast < 1_000, fast + " of 1,000 fast");
    }

    @Test
    void thinEvidenceOfFailureSendsMostJobsDeep() {
        put(ISSUE, 0, 12, 0, 20, 25);
        long deep = IntStream.range(0, 1_000).mapToObj(i -> decide(RULES_DEEP, "fail-" + i)).filter(d -> d.lane() == Lane.DEEP).count();
        assertTrue(deep > 900, deep + " of 1,000 deep");
    }

    @Test
    void enoughEvidenceOfSuccessSendsFastWithTheEstimateAndItsEvidence() {
        put(LINT, 0, 143, 118, 0.9, 41);
        RouteDecision decision = decide(RULES_FAST, "job-1");
        assertEquals(Lane.FAST, decision.lane());
        assertEquals(List.of("fast: P(success)=0.82 from 143 fast outcomes of LINT_FIX on acme/api (size S, no signals);"
                + " expected 8.1 s and $0.0108 fast-then-deep vs 41 s and $0.0500 deep"), decision.reasons());
    }

    @Test
    void aLowEstimateWhereTheFastAttemptIsNotCheapSendsDeep() {
        put(LINT, 0, 100, 10, 20, 25);
        RouteDecision decision = decide(RULES_FAST, jobId(false));
        assertEquals(Lane.DEEP, decision.lane());
        assertTrue(decision.reasons().get(0).startsWith("deep: P(success)=0.13 from 100 fast outcomes"), decision.reasons().toString());
    }

    @Test
    void aBoundedShareOfDeepDecisionsExploresTheFastLaneAndSaysSo() {
        put(LINT, 0, 100, 10, 20, 25);
        RouteDecision decision = decide(RULES_FAST, jobId(true));
        assertEquals(Lane.FAST, decision.lane());
        assertTrue(decision.reasons().get(0).startsWith("exploring (5% of jobs the estimate sends deep): P(success)=0.13"), decision.reasons().toString());
        long exploring = IntStream.range(0, 10_000).mapToObj(i -> decide(RULES_FAST, "explore-" + i)).filter(d -> d.lane() == Lane.FAST).count();
        assertTrue(exploring > 400 && exploring < 600, "about 5% of 10,000: " + exploring);
    }

    @Test
    void recentOutcomesThatAgreeWithTheLongRunChangeNothing() {
        putWithRecent(LINT, 1, 300, 240, 21, 17);
        RouteDecision decision = decide(RULES_FAST, jobId(false));
        assertTrue(decision.reasons().get(0).startsWith("fast: P(success)=0.80 from 300 fast outcomes of LINT_FIX on acme/api;"), decision.reasons().toString());
        assertTrue(!decision.reasons().get(0).contains("shift"), decision.reasons().toString());
    }

    @Test
    void aDropInTheRecentOutcomesIsSeenAsAShiftAndOnlyRecentOutcomesCount() {
        // the long run says 80% from 300 outcomes: the last ~21 (half-life 15) say 10%, the 279 before them 85%
        putWithRecent(LINT, 1, 300, 240, 21, 2);
        RouteDecision decision = decide(RULES_FAST, jobId(false));
        String reason = decision.reasons().get(0);
        assertEquals(Lane.DEEP, decision.lane(), reason);
        assertTrue(reason.matches("deep: P\\(success\\)=0\\.21 from 21 fast outcomes of LINT_FIX on acme/api; a shift: 10% of the last 21 fast"
                + " outcomes of LINT_FIX on acme/api succeeded against 85% of those before, so recent outcomes count, and finer keys' history only as moved by the same change in log-odds; expected .*"), reason);
    }

    @Test
    void aShiftAtACoarserKeyMakesTheFinerKeysHistoryStaleToo() {
        putWithRecent(LINT, 0, 100, 80, 10, 8);
        putWithRecent(LINT, 2, 600, 480, 21, 2);
        String reason = decide(RULES_FAST, jobId(false)).reasons().get(0);
        assertTrue(reason.contains("a shift: 10% of the last 21 fast outcomes of LINT_FIX on any repository"), reason);
        // the fine key's long-run 80 of 100 moved by the kind's change (85% -> 10%) and weighing as 8, on the kind's recent
        // 10% as its prior: 0.12, not the 0.8 its history says
        assertTrue(reason.contains("P(success)=0.12 from 21 fast outcomes of LINT_FIX on any repository; a shift"), reason);
    }

    @Test
    void aKeyThatWasWorseThanItsKindStaysWorseAfterTheKindsShift() {
        putWithRecent(LINT, 0, 100, 30, 0, 0);
        putWithRecent(LINT, 2, 600, 480, 21, 2);
        double worse = estimate(decide(RULES_FAST, jobId(false)).reasons().get(0));
        putWithRecent(LINT, 0, 100, 95, 0, 0);
        double better = estimate(decide(RULES_FAST, jobId(false)).reasons().get(0));
        // the kind's recent outcomes alone would put both at 0.21; each key's earlier rate, moved by the kind's change, splits them
        assertTrue(worse < 0.1 && better > 0.22 && better < 0.3, worse + " and " + better);
    }

    private static double estimate(String reason) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("P\\(success\\)=([0-9.]+)").matcher(reason);
        assertTrue(matcher.find(), reason);
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void aRiseIsSeenToo() {
        putWithRecent(ISSUE, 1, 300, 30, 21, 18);
        RouteDecision decision = decide(RULES_DEEP, jobId(false));
        assertEquals(Lane.FAST, decision.lane(), decision.reasons().toString());
        assertTrue(decision.reasons().get(0).contains("a shift: 86% of the last 21 fast outcomes of ISSUE on acme/api succeeded against 4%"),
                decision.reasons().toString());
    }

    @Test
    void evidenceOverridesASoftRule() {
        put(ISSUE, 1, 60, 54, 1, 40);
        RouteDecision decision = decide(RULES_DEEP, "job-1");
        assertEquals(Lane.FAST, decision.lane());
        assertTrue(decision.reasons().get(0).contains("from 60 fast outcomes of ISSUE on acme/api;"), decision.reasons().toString());
    }

    @Test
    void hardRulesHoldWhateverTheEvidence() {
        RouteFeatures schema = new RouteFeatures(JobKind.LINT_FIX, 1, 900, true, List.of(), null);
        RouteFeatures security = new RouteFeatures(JobKind.LINT_FIX, 1, 900, false, List.of("auth"), null);
        RouteFeatures hinted = new RouteFeatures(JobKind.LINT_FIX, 1, 900, false, List.of(), Lane.DEEP);
        RouteFeatures wide = new RouteFeatures(JobKind.LINT_FIX, 1, 150_000, false, List.of(), null);
        for (RouteFeatures features : List.of(schema, security, hinted, wide)) {
            for (int level = 0; level < 4; level++) {
                put(features, level, 500, 499, 0.5, 40);
            }
            RouteDecision rules = new RouteDecision(Lane.DEEP, List.of("a hard rule"), features);
            assertSame(rules, decide(rules, "job-1"), features.toString());
        }
    }

    @Test
    void aThinKeyBorrowsFromTheCoarserKeyAndNamesIt() {
        put(LINT, 0, 3, 0, 1, 40);
        put(LINT, 1, 200, 180, 1, 40);
        RouteDecision decision = decide(RULES_FAST, "job-1");
        assertEquals(Lane.FAST, decision.lane());
        // three failures at the fine key pull the estimate down from 0.90, but not to zero
        assertTrue(decision.reasons().get(0).startsWith("fast: P(success)=0.51 from 200 fast outcomes of LINT_FIX on acme/api;"), decision.reasons().toString());
    }

    @Test
    void evidenceAboutAllJobsIsOnlyAPrior() {
        put(LINT, 3, 1000, 10, 1, 40);
        RouteDecision decision = decide(RULES_FAST, "job-1");
        assertTrue(decision.reasons().get(0).contains("P(success)=0.01 from 0 fast outcomes of LINT_FIX on acme/api (size S, no signals) (thin evidence"),
                decision.reasons().toString());
    }

    @Test
    void disabledMeansTheRules() {
        put(LINT, 0, 100, 10, 20, 25);
        LearnedPolicy off = new LearnedPolicy(new TestLearning(false, 0.05, 20), 128_000);
        assertSame(RULES_FAST, off.decide(RULES_FAST, REPO, "job-1", key -> stats.getOrDefault(key, KeyStats.empty(key))));
    }
}
