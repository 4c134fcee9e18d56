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
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Routes from outcome statistics. Hard rules always hold (a lane hint, a schema, security signals, the fast window):
 * those jobs get the rules' decision. For the others, a Beta posterior of the fast lane's verified success at the job's
 * key, each finer key level borrowing the coarser one's estimate as its prior (the rules' prior at the top), decides:
 * fast when "fast, then deep on failure" is expected to cost less than "deep directly" under the configured weights.
 * With thin evidence the decision is taken at a draw from the posterior (Thompson sampling); with enough, at its mean,
 * and a small, deterministic share of jobs the mean sends deep goes fast anyway, labelled exploring, so that a key's
 * evidence keeps coming. Where a key's recent fast outcomes disagree with its long-run rate (a {@link Shift}), that key
 * and its finer ones are estimated from recent outcomes alone. Pure: the statistics come in as a function.
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
        Optional<Shift> shift = Shift.find(levels, IntStream.range(0, levels.size()).mapToObj(key::describe).toList(), config);
        FastEstimate estimate = estimate(key, shift.map(s -> s.basis(levels, config.shiftMinEvidence())).orElse(levels), prior);
        String shifted = shift.map(Shift::said).orElse("");
        Expectation.LaneCost fast = cost(levels, true);
        Expectation.LaneCost deep = cost(levels, false);
        Expectation atMean = Expectation.of(estimate.probability(), fast, deep, config);
        if (!estimate.enough()) {
            return thinEvidence(estimate, atMean, fast, deep, jobId, features, shifted);
        }
        String figures = figures(estimate, atMean, shifted);
        if (atMean.cascadeWins()) {
            return new RouteDecision(Lane.FAST, List.of("fast: " + figures), features);
        }
        if (uniform(jobId) < config.explorationRate()) {
            return new RouteDecision(Lane.FAST, List.of(String.format(Locale.ROOT, "exploring (%.0f%% of jobs the estimate sends deep): %s",
                    config.explorationRate() * 100, figures)), features);
        }
        return new RouteDecision(Lane.DEEP, List.of("deep: " + figures), features);
    }

    /**
     * Thompson sampling while a key's evidence is thin: the lane that wins at a draw from the posterior, so an uncertain key
     * is tried on both lanes in proportion to how likely each is to be the better one. Where the draw and the mean disagree
     * the decision is labelled exploring; the draw comes from the job id, so a redelivered job is decided the same way.
     */
    private RouteDecision thinEvidence(FastEstimate estimate, Expectation atMean, Expectation.LaneCost fast, Expectation.LaneCost deep,
            String jobId, RouteFeatures features, String shifted) {
        double drawn = estimate.draw(uniform(jobId + "#posterior"));
        Expectation atDraw = Expectation.of(drawn, fast, deep, config);
        Lane lane = atDraw.cascadeWins() ? Lane.FAST : Lane.DEEP;
        String figures = figures(estimate, atDraw, String.format(Locale.ROOT,
                " (thin evidence, fewer than %.0f: drew %.2f from its posterior, prior %.2f from the rules)", config.minEvidence(), drawn,
                estimate.prior()) + shifted);
        String label = atDraw.cascadeWins() == atMean.cascadeWins() ? lane.name().toLowerCase(Locale.ROOT)
                : "exploring (a draw from a thin posterior) " + lane.name().toLowerCase(Locale.ROOT);
        return new RouteDecision(lane, List.of(label + ": " + figures), features);
    }

    private static String figures(FastEstimate estimate, Expectation expected, String qualifier) {
        return String.format(Locale.ROOT, "P(success)=%.2f from %.0f fast outcomes of %s%s; expected %s and $%.4f fast-then-deep vs %s and $%.4f deep",
                estimate.probability(), estimate.evidence(), estimate.describedLevel(), qualifier, seconds(expected.cascadeSeconds()),
                expected.cascadeUsd(), seconds(expected.deepSeconds()), expected.deepUsd());
    }

    /** A lane hint, a schema, security signals or a context beyond the fast window: the rules' decision stands. */
    boolean hardRule(RouteFeatures features) {
        return features.laneHint() != null || features.outputSchemaRequired() || !features.securitySignals().isEmpty()
                || features.contextTokens() > fastContextTokens;
    }

    /** The posterior at the finest level, each level's prior the coarser level's posterior mean. */
    FastEstimate estimate(RouteKey key, List<KeyStats> levels, double prior) {
        double alpha = prior * config.priorStrength();
        double beta = (1 - prior) * config.priorStrength();
        for (int level = levels.size() - 1; level >= 0; level--) {
            LaneTally fast = levels.get(level).fast();
            double mean = alpha / (alpha + beta);
            alpha = mean * config.priorStrength() + fast.successes();
            beta = (1 - mean) * config.priorStrength() + Math.max(0, fast.attempts() - fast.successes());
        }
        for (int level = 0; level <= COARSEST_DECIDING_LEVEL; level++) {
            double evidence = levels.get(level).fast().attempts();
            if (evidence >= config.minEvidence()) {
                return new FastEstimate(alpha, beta, evidence, level, key.describe(level), prior);
            }
        }
        int best = 0;
        for (int level = 1; level <= COARSEST_DECIDING_LEVEL; level++) {
            if (levels.get(level).fast().attempts() > levels.get(best).fast().attempts()) {
                best = level;
            }
        }
        return new FastEstimate(alpha, beta, levels.get(best).fast().attempts(), -1, key.describe(best), prior);
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
