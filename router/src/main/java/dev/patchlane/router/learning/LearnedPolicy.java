package dev.patchlane.router.learning;

import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.LaneTally;
import dev.patchlane.pipeline.stats.RouteKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Routes from outcome statistics where they are enough, the rules otherwise. Hard rules always hold (a lane hint, a
 * schema, security signals, the fast window): those jobs get the rules' decision. For the others, a Beta posterior of
 * the fast lane's verified success at the job's key, each finer key level borrowing the coarser one's estimate as its
 * prior (the rules' prior at the top), decides: fast when "fast, then deep on failure" is expected to cost less than
 * "deep directly" under the configured weights. A small, deterministic share of jobs the estimate sends deep goes fast
 * anyway and is labelled exploring, so that a key's evidence keeps coming. Pure: the statistics come in as a function.
 */
public final class LearnedPolicy {

    /** The coarsest level whose evidence alone may decide: kind. "All jobs" is only ever a prior. */
    private static final int COARSEST_DECIDING_LEVEL = 2;

    private final LearningConfig config;
    private final long fastContextTokens;

    public LearnedPolicy(LearningConfig config, long fastContextTokens) {
        this.config = config;
        this.fastContextTokens = fastContextTokens;
    }

    /**
     * The decision for a job the rules decided {@code rules} for.
     *
     * @param stats each key level's summed statistics
     * @param jobId seeds the exploration draw, so a redelivered job is decided the same way
     */
    public RouteDecision decide(RouteDecision rules, String repository, String jobId, Function<String, KeyStats> stats) {
        RouteFeatures features = rules.features();
        if (!config.enabled() || hardRule(features)) {
            return rules;
        }
        RouteKey key = RouteKey.of(features, repository);
        List<KeyStats> levels = key.levels().stream().map(stats).toList();
        double prior = rules.lane() == Lane.FAST ? config.priorFastSuccess() : config.priorDeepRuleSuccess();
        FastEstimate estimate = estimate(key, levels, prior);
        if (!estimate.enough()) {
            List<String> reasons = new ArrayList<>(rules.reasons());
            reasons.add(String.format(Locale.ROOT, "rules decide: %.0f of %.0f fast outcomes needed for %s; prior P(success)=%.2f",
                    estimate.evidence(), config.minEvidence(), key.describe(1), prior));
            return new RouteDecision(rules.lane(), reasons, features);
        }
        Expectation expected = Expectation.of(estimate.probability(), cost(levels, true), cost(levels, false), config);
        String figures = String.format(Locale.ROOT, "P(success)=%.2f from %.0f fast outcomes of %s; expected %s and $%.4f fast-then-deep vs %s and $%.4f deep",
                estimate.probability(), estimate.evidence(), estimate.describedLevel(), seconds(expected.cascadeSeconds()), expected.cascadeUsd(),
                seconds(expected.deepSeconds()), expected.deepUsd());
        if (expected.cascadeWins()) {
            return new RouteDecision(Lane.FAST, List.of("fast: " + figures), features);
        }
        double draw = uniform(jobId);
        if (draw < config.explorationRate()) {
            return new RouteDecision(Lane.FAST, List.of(String.format(Locale.ROOT, "exploring (%.0f%% of jobs the estimate sends deep): %s",
                    config.explorationRate() * 100, figures)), features);
        }
        return new RouteDecision(Lane.DEEP, List.of("deep: " + figures), features);
    }

    /** A lane hint, a schema, security signals or a context beyond the fast window: the rules' decision stands. */
    boolean hardRule(RouteFeatures features) {
        return features.laneHint() != null || features.outputSchemaRequired() || !features.securitySignals().isEmpty()
                || features.contextTokens() > fastContextTokens;
    }

    /** The posterior mean at the finest level, each level's prior the coarser level's posterior mean. */
    FastEstimate estimate(RouteKey key, List<KeyStats> levels, double prior) {
        double mean = prior;
        for (int level = levels.size() - 1; level >= 0; level--) {
            LaneTally fast = levels.get(level).fast();
            if (fast.attempts() > 0) {
                double alpha = mean * config.priorStrength() + fast.successes();
                double beta = (1 - mean) * config.priorStrength() + Math.max(0, fast.attempts() - fast.successes());
                mean = alpha / (alpha + beta);
            }
        }
        for (int level = 0; level <= COARSEST_DECIDING_LEVEL; level++) {
            double evidence = levels.get(level).fast().attempts();
            if (evidence >= config.minEvidence()) {
                return new FastEstimate(mean, evidence, level, key.describe(level), prior);
            }
        }
        double best = levels.get(0).fast().attempts();
        for (int level = 1; level <= COARSEST_DECIDING_LEVEL; level++) {
            best = Math.max(best, levels.get(level).fast().attempts());
        }
        return new FastEstimate(mean, best, -1, key.describe(1), prior);
    }

    private Expectation.LaneCost cost(List<KeyStats> levels, boolean fastLane) {
        for (KeyStats level : levels) {
            LaneTally tally = fastLane ? level.fast() : level.deep();
            if (tally.attempts() >= 1) {
                return new Expectation.LaneCost(tally.meanCostUsd(), tally.meanSeconds());
            }
        }
        return fastLane ? new Expectation.LaneCost(config.defaultFastCostUsd(), config.defaultFastSeconds())
                : new Expectation.LaneCost(config.defaultDeepCostUsd(), config.defaultDeepSeconds());
    }

    private static String seconds(double value) {
        return value < 10 ? String.format(Locale.ROOT, "%.1f s", value) : String.format(Locale.ROOT, "%.0f s", value);
    }

    /** A number in [0, 1) from the job id alone (FNV-1a, then a 64-bit mix). */
    static double uniform(String jobId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (jobId == null ? "" : jobId).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return (hash >>> 11) * 0x1.0p-53;
    }
}
