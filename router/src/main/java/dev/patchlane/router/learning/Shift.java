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

    /**
     * The levels as the estimate sees them after this shift. This level counts its recent fast outcomes alone. A finer level
     * carries its long-run rate moved by this level's change in log-odds, weighing as {@code carriedWeight} outcomes at most:
     * what made it better or worse than its coarser key outlives the change, as a hint, not as evidence. Its own recent
     * counts are not used: they age per fast outcome of that key, so for a key with few outcomes they reach back to before
     * the change.
     */
    List<KeyStats> basis(List<KeyStats> levels, double carriedWeight) {
        List<KeyStats> basis = new ArrayList<>(levels);
        basis.set(level, levels.get(level).recentOnly());
        double change = logit(recentRate) - logit(earlierRate);
        for (int finer = 0; finer < level; finer++) {
            KeyStats stats = levels.get(finer);
            LaneTally longRun = stats.fast();
            if (longRun.attempts() <= 0) {
                basis.set(finer, stats.withFast(LaneTally.NONE));
                continue;
            }
            double moved = 1 / (1 + Math.exp(-(logit(longRun.successes() / longRun.attempts()) + change)));
            double weight = Math.min(longRun.attempts(), carriedWeight);
            basis.set(finer, stats.withFast(new LaneTally(weight, weight * moved, 0, 0, 0)));
        }
        return basis;
    }

    /** Log-odds, a rate kept off 0 and 1 so that a key that never (or always) succeeded still moves by a finite amount. */
    private static double logit(double rate) {
        double kept = Math.min(0.99, Math.max(0.01, rate));
        return Math.log(kept / (1 - kept));
    }

    /** How a decision's reason says it. */
    String said() {
        return String.format(Locale.ROOT, "; a shift: %.0f%% of the last %.0f fast outcomes of %s succeeded against %.0f%% of those before,"
                + " so recent outcomes count%s", recentRate * 100, recentEvidence, describedLevel, earlierRate * 100,
                level == 0 ? "" : ", and finer keys' history only as moved by the same change in log-odds");
    }
}
