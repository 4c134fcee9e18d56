package dev.patchlane.router.learning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.Observation;
import dev.patchlane.pipeline.stats.RouteKey;
import dev.patchlane.pipeline.stats.RouteStats;
import dev.patchlane.router.stats.Decay;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shift test on a stream of fast outcomes, each failure followed by its deep attempt, folded the way the writer folds
 * them (one partition, the default half-lives): rare on a steady key, and a drop of the fast lane's rate is seen, and the
 * estimate follows it, within a bounded number of fast outcomes.
 */
class ShiftTest {

    private static final String REPO = "acme/api";
    private static final RouteFeatures LINT = new RouteFeatures(JobKind.LINT_FIX, 1, 900, false, List.of(), null);
    private static final RouteDecision RULES = new RouteDecision(Lane.FAST, List.of("bounded LINT_FIX job"), LINT);
    private static final Pattern ESTIMATE = Pattern.compile("P\\(success\\)=([0-9.]+)");

    private final TestLearning config = TestLearning.defaults();
    private final Decay decay = new Decay(config.halfLife(), config.recentHalfLife());
    private final LearnedPolicy policy = new LearnedPolicy(config, 128_000);
    private final List<String> levels = RouteKey.of(LINT, REPO).levels();
    private final Map<String, RouteStats> records = new HashMap<>();
    private long offset;

    /** A fast attempt, and after a failure the deep attempt it escalates to, as the cascade runs them. */
    private void outcome(boolean success) {
        fold(new Observation(true, success, !success, 1000, 0.002, 8));
        if (!success) {
            fold(new Observation(false, true, false, 5000, 0.005, 14));
        }
    }

    private void fold(Observation observation) {
        for (String level : levels) {
            RouteStats base = records.getOrDefault(level, RouteStats.empty(level, 0));
            records.put(level, base.with(observation, offset, decay.factor(1), decay.recentFactor(1), Instant.EPOCH));
        }
        offset++;
    }

    private String reason(long jobNumber) {
        return policy.decide(RULES, REPO, "job-" + jobNumber, key -> {
            RouteStats stats = records.get(key);
            return stats == null ? KeyStats.empty(key)
                    : new KeyStats(key, stats.outcomes(), stats.fast(), stats.recentFast(), stats.deep(), stats.escalations());
        }).reasons().get(0);
    }

    private static double estimate(String reason) {
        Matcher matcher = ESTIMATE.matcher(reason);
        assertTrue(matcher.find(), reason);
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void aSteadyKeyRarelyLooksShiftedAndADropIsSeenWithinAboutTwoRecentHalfLives() {
        int falseAlarms = 0;
        int checks = 0;
        int slowestDetection = 0;
        int slowestSettling = 0;
        for (int seed = 1; seed <= 5; seed++) {
            records.clear();
            Random random = new Random(seed);
            for (int i = 0; i < 600; i++) {
                outcome(random.nextDouble() < 0.7);
                if (i >= 200) {
                    checks++;
                    falseAlarms += reason(i).contains("; a shift:") ? 1 : 0;
                }
            }
            int detected = -1;
            int settled = -1;
            for (int i = 1; i <= 200 && settled < 0; i++) {
                outcome(random.nextDouble() < 0.25);
                String reason = reason(1000 + i);
                if (detected < 0 && reason.contains("; a shift:")) {
                    detected = i;
                }
                if (estimate(reason) < 0.4) {
                    settled = i;
                }
            }
            assertTrue(detected > 0 && settled > 0, "seed " + seed + ": the drop from 0.7 to 0.25 was seen (" + detected + ") and followed (" + settled + ")");
            slowestDetection = Math.max(slowestDetection, detected);
            slowestSettling = Math.max(slowestSettling, settled);
        }
        System.out.printf("shift: false alarms %d of %d checks; a drop seen within %d outcomes, the estimate below 0.4 within %d%n",
                falseAlarms, checks, slowestDetection, slowestSettling);
        assertTrue(falseAlarms < checks * 0.05, falseAlarms + " false alarms in " + checks + " checks of a steady key");
        assertTrue(slowestDetection <= 40, "a drop from 0.7 to 0.25 seen within 40 outcomes: " + slowestDetection);
        assertTrue(slowestSettling <= 50, "the estimate below 0.4 within 50 outcomes: " + slowestSettling);
    }
}
