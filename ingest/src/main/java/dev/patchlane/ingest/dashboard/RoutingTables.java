package dev.patchlane.ingest.dashboard;

import dev.patchlane.ingest.routing.RoutingStatsSnapshot;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.LaneTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The routing page's tables: one per key level, finest first, each row a key's outcomes and both lanes' decayed figures. */
final class RoutingTables {

    private static final String NONE = "–";
    private static final List<String> HEADINGS = List.of("Kind, repository, size and signals", "Kind and repository", "Kind", "All jobs");

    private RoutingTables() {
    }

    static Pages.Routing page(Chrome chrome, Optional<RoutingStatsSnapshot> visible) {
        if (visible.isEmpty()) {
            return new Pages.Routing(chrome, false, false, 0, null, false, List.of());
        }
        RoutingStatsSnapshot snapshot = visible.get();
        List<List<Pages.RoutingRow>> rows = new ArrayList<>();
        for (int level = 0; level < StatsKey.LEVELS; level++) {
            rows.add(new ArrayList<>());
        }
        snapshot.keys().forEach(stats -> {
            StatsKey key = StatsKey.of(stats.key());
            rows.get(key.level()).add(row(key, stats));
        });
        List<Pages.RoutingLevel> levels = new ArrayList<>();
        for (int level = snapshot.repositoriesShown() ? 0 : 2; level < StatsKey.LEVELS; level++) {
            levels.add(new Pages.RoutingLevel("level-" + level, HEADINGS.get(level), level <= 1, level == 0, rows.get(level)));
        }
        return new Pages.Routing(chrome, true, snapshot.replayed(), snapshot.skipped(), snapshot.lastSkipReason(), snapshot.repositoriesShown(),
                levels);
    }

    static Pages.RoutingRow row(StatsKey key, KeyStats stats) {
        return new Pages.RoutingRow(key.kind(), key.repository(), key.size(), key.signals(), stats.outcomes(), lane(stats.fast()),
                rate(stats.recentFast()), lane(stats.deep()), decimal(stats.escalations()));
    }

    static Pages.LaneCells lane(LaneTally tally) {
        boolean any = tally.attempts() > 0;
        return new Pages.LaneCells(decimal(tally.attempts()), decimal(tally.successes()),
                rate(tally),
                any ? String.format(Locale.ROOT, "$%.4f", tally.meanCostUsd()) : NONE,
                any ? String.format(Locale.ROOT, "%.1f s", tally.meanSeconds()) : NONE);
    }

    private static String rate(LaneTally tally) {
        return tally.attempts() > 0 ? String.format(Locale.ROOT, "%.1f%%", 100 * tally.successes() / tally.attempts()) : NONE;
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
