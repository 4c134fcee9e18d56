package dev.patchlane.router.learning;

import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.LaneTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * A change of the fast lane's success rate at one key level: its recent outcomes (a short half-life) disagree with the
 * earlier ones beyond chance. From that level down, the long-run counts describe a lane that no longer exists. The
 * earlier outcomes are the long-run counts less the recent ones: since the long half-life is the longer, that difference
 * weighs every outcome non-negatively, most those a few recent half-lives back, and holds none of the recent weight.
 *
 * @param level the coarsest level that shifted (0 the finest)
 * @param describedLevel how the level is said, e.g. {@code MIGRATION on any repository}
 * @param recentRate the recent fast success rate
 * @param recentEvidence decayed recent fast outcomes
 * @param earlierRate the fast success rate of the outcomes before them
 */
public record Shift(int level, String describedLevel, double recentRate, double recentEvidence, double earlierRate) {

    /** The coarsest shifted level among {@code levels} (finest first), if any. */
    static Optional<Shift> find(List<KeyStats> levels, List<String> described, LearningConfig config) {
        double tail = (1 - config.shiftConfidence()) / 2;
        for (int level = levels.size() - 1; level >= 0; level--) {
            LaneTally recent = levels.get(level).recentFast();
            LaneTally longRun = levels.get(level).fast();
            double earlierAttempts = longRun.attempts() - recent.attempts();
            if (recent.attempts() < config.shiftMinEvidence() || earlierAttempts < config.shiftMinEvidence()) {
                continue;
            }
            double earlierRate = Math.min(1, Math.max(0, longRun.successes() - recent.successes()) / earlierAttempts);
            // Jeffreys prior: the recent rate's posterior without a lean either way
            BetaDistribution posterior = new BetaDistribution(null, recent.successes() + 0.5,
                    Math.max(0, recent.attempts() - recent.successes()) + 0.5);
            double below = posterior.cumulativeProbability(earlierRate);
            if (below < tail || below > 1 - tail) {
                return Optional.of(new Shift(level, described.get(level), recent.successes() / recent.attempts(), recent.attempts(), earlierRate));
            }
        }
        return Optional.empty();
    }

    /** The levels with this level and the finer ones estimated from their recent fast outcomes alone. */
    List<KeyStats> recentFromHereDown(List<KeyStats> levels) {
        List<KeyStats> basis = new ArrayList<>(levels);
        for (int finer = 0; finer <= level; finer++) {
            basis.set(finer, levels.get(finer).recentOnly());
        }
        return basis;
    }

    /** How a decision's reason says it. */
    String said() {
        return String.format(Locale.ROOT, "; a shift: %.0f%% of the last %.0f fast outcomes of %s succeeded against %.0f%% of those before,"
                + " so recent outcomes alone count", recentRate * 100, recentEvidence, describedLevel, earlierRate * 100);
    }
}
