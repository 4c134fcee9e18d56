package dev.patchlane.ingest.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.patchlane.ingest.routing.RoutingStatsSnapshot;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.LaneTally;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTablesTest {

    private static final Chrome CHROME = new Chrome("Routing statistics", "routing", "ops", true);

    @Test
    void aKeyIsTakenApartFromBothEndsSoARepositoryMayHoldABar() {
        assertEquals(new StatsKey(0, "LINT_FIX", "https://github.com/acme/api", "S", "none"), StatsKey.of("LINT_FIX|https://github.com/acme/api|S|none"));
        assertEquals(new StatsKey(0, "ISSUE", "/tmp/a|b<script>", "L", "schema+security"), StatsKey.of("ISSUE|/tmp/a|b<script>|L|schema+security"));
        assertEquals(new StatsKey(1, "LINT_FIX", "/tmp/a|S", "", ""), StatsKey.of("LINT_FIX|/tmp/a|S"));
        assertEquals(new StatsKey(1, "LINT_FIX", "x|S|maybe", "", ""), StatsKey.of("LINT_FIX|x|S|maybe"));
        assertEquals(new StatsKey(1, "LINT_FIX", "", "", ""), StatsKey.of("LINT_FIX|"));
        assertEquals(new StatsKey(2, "<img src=x>", "", "", ""), StatsKey.of("<img src=x>"));
        assertEquals(new StatsKey(3, "any", "", "", ""), StatsKey.of("all"));
    }

    @Test
    void aLaneWithoutAttemptsShowsDashesNotADivisionByZero() {
        assertEquals(new Pages.LaneCells("0.0", "0.0", "–", "–", "–"), RoutingTables.lane(LaneTally.NONE));
        assertEquals(new Pages.LaneCells("4.0", "3.0", "75.0%", "$0.0125", "2.5 s"), RoutingTables.lane(new LaneTally(4, 3, 400, 0.05, 10)));
    }

    @Test
    void eachLevelGetsItsTableAndOnlyAnAdminTheRepositoryLevels() {
        List<KeyStats> keys = List.of(new KeyStats("all", 9, new LaneTally(6, 5, 0, 0.06, 6), new LaneTally(4, 1, 0, 0.04, 4), new LaneTally(3, 2, 0, 0.3, 90), 1),
                new KeyStats("LINT_FIX", 9, LaneTally.NONE, LaneTally.NONE, LaneTally.NONE, 0), new KeyStats("LINT_FIX|r|S|none", 9, LaneTally.NONE, LaneTally.NONE, LaneTally.NONE, 0),
                new KeyStats("LINT_FIX|r", 9, LaneTally.NONE, LaneTally.NONE, LaneTally.NONE, 0));
        Pages.Routing admin = RoutingTables.page(CHROME, Optional.of(new RoutingStatsSnapshot(true, 2, "partition 0 offset 3: not JSON", true, keys)));
        assertEquals(List.of("level-0", "level-1", "level-2", "level-3"), admin.levels().stream().map(Pages.RoutingLevel::id).toList());
        assertEquals("r", admin.levels().get(0).rows().get(0).repository());
        assertEquals("S", admin.levels().get(0).rows().get(0).size());
        assertEquals("r", admin.levels().get(1).rows().get(0).repository());
        assertEquals("LINT_FIX", admin.levels().get(2).rows().get(0).kind());
        Pages.RoutingRow all = admin.levels().get(3).rows().get(0);
        assertEquals("83.3%", all.fast().successRate());
        assertEquals("25.0%", all.recentFastRate());
        assertEquals("$0.1000", all.deep().meanCost());
        assertEquals("1.0", all.escalations());

        List<KeyStats> visible = keys.stream().filter(k -> !k.key().contains("|")).toList();
        Pages.Routing reader = RoutingTables.page(CHROME, Optional.of(new RoutingStatsSnapshot(false, 0, null, false, visible)));
        assertEquals(List.of("level-2", "level-3"), reader.levels().stream().map(Pages.RoutingLevel::id).toList());

        Pages.Routing off = RoutingTables.page(CHROME, Optional.empty());
        assertFalse(off.reading());
        assertEquals(List.of(), off.levels());
    }
}
