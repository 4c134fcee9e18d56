package dev.patchlane.pipeline.stats;

import java.time.Instant;

/**
 * The value of one record of the routing statistics topic: the decayed counts of one route key level, from the outcomes
 * of one partition of the outcomes topic. The partition's one consumer is this record's one writer, and the offset of
 * the last outcome it applied makes a redelivered outcome count once.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param key a {@link RouteKey#levels()} entry
 * @param partition the outcomes partition these counts come from
 * @param lastOffset the offset of the last outcome applied; -1 for none
 * @param outcomes outcomes applied, not decayed
 * @param fast the fast lane's counts
 * @param recentFast the fast lane's counts under the short half-life, against which a change of its success rate shows;
 *     absent in records written before it existed, read as none
 * @param deep the deep lane's counts
 * @param escalations fast attempts that asked for the deep lane, decayed
 * @param updatedAt when the last outcome was applied
 */
public record RouteStats(int schemaVersion, String key, int partition, long lastOffset, long outcomes, LaneTally fast, LaneTally recentFast, LaneTally deep,
        double escalations, Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static RouteStats empty(String key, int partition) {
        return new RouteStats(SCHEMA_VERSION, key, partition, -1, 0, LaneTally.NONE, LaneTally.NONE, LaneTally.NONE, 0, Instant.EPOCH);
    }

    /** The topic's record key: one record per key level and outcomes partition. */
    public static String recordKey(String key, int partition) {
        return key + "#" + partition;
    }

    public String recordKey() {
        return recordKey(key, partition);
    }

    /**
     * These counts decayed by {@code factor}, then one outcome at {@code offset} added. The recent fast counts decay by
     * {@code recentFactor} per fast outcome only, so that they hold the last few fast attempts however many deep ones follow.
     */
    public RouteStats with(Observation observation, long offset, double factor, double recentFactor, Instant at) {
        LaneTally addition = observation.tally();
        LaneTally fastAddition = observation.fast() ? addition : LaneTally.NONE;
        return new RouteStats(SCHEMA_VERSION, key, partition, offset, outcomes + 1,
                fast.decayed(factor).plus(fastAddition),
                observation.fast() ? recentFast.decayed(recentFactor).plus(fastAddition) : recentFast,
                deep.decayed(factor).plus(observation.fast() ? LaneTally.NONE : addition),
                escalations * factor + (observation.escalated() ? 1 : 0), at);
    }

    /** This record with absent recent counts read as none. */
    RouteStats withRecentPresent() {
        return recentFast != null ? this
                : new RouteStats(schemaVersion, key, partition, lastOffset, outcomes, fast, LaneTally.NONE, deep, escalations, updatedAt);
    }
}
