package dev.patchlane.router.learning;

/**
 * Expected spend and time of the two ways to run a job: fast first with the deep lane after a failure, or deep directly.
 *
 * @param cascadeUsd fast attempt plus (1 - p) deep attempt, US dollars
 * @param cascadeSeconds the same in seconds
 * @param deepUsd one deep attempt
 * @param deepSeconds one deep attempt's time
 * @param cascadeScore weighted sum for the cascade
 * @param deepScore weighted sum for deep directly
 */
public record Expectation(double cascadeUsd, double cascadeSeconds, double deepUsd, double deepSeconds, double cascadeScore, double deepScore) {

    public boolean cascadeWins() {
        return cascadeScore < deepScore;
    }

    static Expectation of(double p, LaneCost fast, LaneCost deep, LearningConfig config) {
        double cascadeUsd = fast.usd() + (1 - p) * deep.usd();
        double cascadeSeconds = fast.seconds() + (1 - p) * deep.seconds();
        return new Expectation(cascadeUsd, cascadeSeconds, deep.usd(), deep.seconds(),
                config.costWeight() * cascadeUsd + config.timeWeight() * cascadeSeconds,
                config.costWeight() * deep.usd() + config.timeWeight() * deep.seconds());
    }

    /** A lane's mean attempt cost and time. */
    record LaneCost(double usd, double seconds) {
    }
}
