package dev.patchlane.pipeline.stats;

/**
 * One route key level's counts, summed over the outcomes partitions that contributed.
 *
 * @param key a {@link RouteKey#levels()} entry
 * @param outcomes outcomes counted, not decayed
 * @param fast the fast lane's decayed counts
 * @param deep the deep lane's decayed counts
 * @param escalations decayed fast attempts that asked for the deep lane
 */
public record KeyStats(String key, long outcomes, LaneTally fast, LaneTally deep, double escalations) {

    public static KeyStats empty(String key) {
        return new KeyStats(key, 0, LaneTally.NONE, LaneTally.NONE, 0);
    }

    KeyStats plus(RouteStats stats) {
        return new KeyStats(key, outcomes + stats.outcomes(), fast.plus(stats.fast()), deep.plus(stats.deep()), escalations + stats.escalations());
    }
}
