package dev.patchlane.router.stats;

/**
 * How fast the statistics forget, in outcomes of one key: the long-run counts by {@code halfLife}, the recent counts, against
 * which a change of the fast lane's success rate shows, by {@code recentHalfLife}.
 */
public record Decay(double halfLife, double recentHalfLife) {

    /** The weight a partition's record keeps per outcome it applies, for the long-run counts. */
    public double factor(int partitions) {
        return factor(halfLife, partitions);
    }

    public double recentFactor(int partitions) {
        return factor(recentHalfLife, partitions);
    }

    /** Job ids spread a key's outcomes evenly over the partitions, so each partition's record sees 1/P of them. */
    static double factor(double halfLife, int partitions) {
        if (!(halfLife > 0)) {
            return 1;
        }
        return Math.pow(0.5, partitions / halfLife);
    }
}
