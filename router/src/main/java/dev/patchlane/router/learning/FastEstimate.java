package dev.patchlane.router.learning;

/**
 * The fast lane's estimated verified-success probability for one job, and what it rests on.
 *
 * @param probability the posterior mean
 * @param evidence decayed fast outcomes at {@code level}
 * @param level the finest key level with enough evidence, or -1 when none has
 * @param describedLevel how the level is said, e.g. {@code LINT_FIX on acme/api}
 * @param prior the rules' prior mean the estimate started from
 */
public record FastEstimate(double probability, double evidence, int level, String describedLevel, double prior) {

    public boolean enough() {
        return level >= 0;
    }
}
