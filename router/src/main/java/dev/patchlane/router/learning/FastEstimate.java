package dev.patchlane.router.learning;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * The fast lane's estimated verified-success probability for one job: a Beta posterior, and what it rests on.
 *
 * @param alpha the posterior's successes plus the prior's share of them
 * @param beta the posterior's failures plus the prior's share of them
 * @param evidence decayed fast outcomes at {@code level} (or, with thin evidence, at the level that has most)
 * @param level the finest key level with enough evidence, or -1 when none has
 * @param describedLevel how the level is said, e.g. {@code LINT_FIX on acme/api}
 * @param prior the rules' prior mean the estimate started from
 */
public record FastEstimate(double alpha, double beta, double evidence, int level, String describedLevel, double prior) {

    /** The posterior mean. */
    public double probability() {
        return alpha / (alpha + beta);
    }

    public boolean enough() {
        return level >= 0;
    }

    /** The posterior's {@code quantile} quantile: a draw from it when {@code quantile} is uniform in [0, 1). */
    public double draw(double quantile) {
        // no random generator: only the inverse distribution function is used, fed by the job id's own uniform number
        return new BetaDistribution(null, alpha, beta).inverseCumulativeProbability(quantile);
    }
}
