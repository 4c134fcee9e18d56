package dev.patchlane.ingest.routing;

import dev.patchlane.pipeline.stats.KeyStats;
import java.util.List;

/**
 * The routing statistics view as one caller may see it, at one moment.
 *
 * @param replayed whether the view holds every record written before it started
 * @param skipped records of the topic that were not statistics
 * @param lastSkipReason why the last one was skipped, or null (also for a caller who is not an admin: it may quote a key)
 * @param repositoriesShown whether key levels naming repositories are included (admins only)
 * @param keys the visible key levels, most outcomes first
 */
public record RoutingStatsSnapshot(boolean replayed, long skipped, String lastSkipReason, boolean repositoriesShown, List<KeyStats> keys) {
}
