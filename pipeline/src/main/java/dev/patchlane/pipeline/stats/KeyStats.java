package dev.patchlane.pipeline.stats;

/**
 * One route key level's counts, summed over the outcomes partitions that contributed.
 *
 * @param key a {@link RouteKey#levels()} entry
 * @param outcomes outcomes counted, not decayed
 * @param fast the fast lane's decayed counts
 * @param recentFast the fast lane's counts under the short half-life
 * @param deep the deep lane's decayed counts
 * @param escalations decayed fast attempts that asked for the deep lane
 */
public record KeyStats(String key, long outcomes, LaneTally fast, LaneTally recentFast, LaneTally deep, double escalations) {

    public static KeyStats empty(String key) {
        return new KeyStats(key, 0, LaneTally.NONE, LaneTally.NONE, LaneTally.NONE, 0);
    }

    KeyStats plus(RouteStats stats) {
        return new KeyStats(key, outcomes + stats.outcomes(), fast.plus(stats.fast()), recentFast.plus(stats.recentFast()),
                deep.plus(stats.deep()), escalations + stats.escalations());
    }

    KeyStats plus(KeyStats other) {
        return new KeyStats(key, outcomes + other.outcomes, fast.plus(other.fast), recentFast.plus(other.recentFast), deep.plus(other.deep),
                escalations + other.escalations);
    }

    /** These counts with the fast lane's recent ones in place of its long-run ones: what a key says after its rate changed. */
    public KeyStats recentOnly() {
        return withFast(recentFast);
    }

    public KeyStats withFast(LaneTally replacement) {
        return new KeyStats(key, outcomes, replacement, recentFast, deep, escalations);
    }
}
