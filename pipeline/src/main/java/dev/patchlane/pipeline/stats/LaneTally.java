package dev.patchlane.pipeline.stats;

/**
 * One lane's decayed counts at one key: each is a sum of outcomes weighted by how recent they are.
 *
 * @param attempts attempts that ended (any result)
 * @param successes verified patches and valid structured results
 * @param tokens prompt plus completion tokens
 * @param costUsd estimated price
 * @param seconds attempt time, pick-up to outcome
 */
public record LaneTally(double attempts, double successes, double tokens, double costUsd, double seconds) {

    public static final LaneTally NONE = new LaneTally(0, 0, 0, 0, 0);

    public LaneTally decayed(double factor) {
        return new LaneTally(attempts * factor, successes * factor, tokens * factor, costUsd * factor, seconds * factor);
    }

    public LaneTally plus(LaneTally other) {
        return new LaneTally(attempts + other.attempts, successes + other.successes, tokens + other.tokens, costUsd + other.costUsd,
                seconds + other.seconds);
    }

    public double meanCostUsd() {
        return attempts <= 0 ? 0 : costUsd / attempts;
    }

    public double meanSeconds() {
        return attempts <= 0 ? 0 : seconds / attempts;
    }

    /** Every count a finite, non-negative number, and no more successes than attempts (within rounding). */
    boolean sane() {
        for (double value : new double[] {attempts, successes, tokens, costUsd, seconds}) {
            if (!Double.isFinite(value) || value < 0) {
                return false;
            }
        }
        return successes <= attempts * (1 + 1e-9) + 1e-9;
    }
}
