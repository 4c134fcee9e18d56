package dev.patchlane.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RouteStatsReaderTest {

    private static final RouteStats GOOD = RouteStats.empty("LINT_FIX|acme/api", 2)
            .with(new Observation(true, true, false, 1200, 0.002, 0.9), 41, 0.99, 0.9, Instant.parse("2026-01-01T00:00:00Z"));

    private static String refusal(String key, String json) {
        return assertThrows(IllegalArgumentException.class, () -> RouteStatsReader.read(key, json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void aRecordReadsBackAsWritten() {
        RouteStats read = RouteStatsReader.read("LINT_FIX|acme/api#2", Json.write(GOOD));
        assertEquals(GOOD, read);
        assertEquals(41, read.lastOffset());
        assertEquals(1, read.fast().successes());
    }

    @Test
    void garbageWrongSchemaWrongKeyAndBadCountsAreRefusedWithTheReason() {
        assertTrue(refusal("k#0", "\u0000\u00ff not json").startsWith("not JSON"));
        assertEquals("not a JSON object", refusal("k#0", "[1,2]"));
        assertTrue(refusal("k#0", "{\"schemaVersion\":7}").startsWith("schemaVersion 7 is not 1"));
        assertTrue(refusal("k#0", "{\"schemaVersion\":1,\"key\":\"k\",\"partition\":\"x\"}").startsWith("not a statistics record"));
        String good = new String(Json.write(GOOD), StandardCharsets.UTF_8);
        assertTrue(refusal("someone-else#2", good).startsWith("record key someone-else#2 does not match"));
        assertEquals("negative, non-finite or inconsistent counts", refusal("LINT_FIX|acme/api#2", good.replace("\"successes\":1.0", "\"successes\":9.0")));
        assertEquals("negative, non-finite or inconsistent counts", refusal("LINT_FIX|acme/api#-2", good.replace("\"partition\":2", "\"partition\":-2")),
                "negative partition");
        assertEquals("key, fast, deep and updatedAt are required", refusal("null#0", "{\"schemaVersion\":1,\"partition\":0,\"lastOffset\":1,\"outcomes\":1,\"escalations\":0}"));
    }

    @Test
    void aRecordWrittenBeforeTheRecentCountsExistedReadsWithNone() {
        String good = new String(Json.write(GOOD), StandardCharsets.UTF_8);
        String older = good.replaceFirst("\"recentFast\":\\{[^}]*},", "");
        assertTrue(!older.contains("recentFast"), older);
        RouteStats read = RouteStatsReader.read("LINT_FIX|acme/api#2", older.getBytes(StandardCharsets.UTF_8));
        assertEquals(LaneTally.NONE, read.recentFast());
        assertEquals(GOOD.fast(), read.fast());
    }

    @Test
    void impossibleRecentCountsAreRefused() {
        String good = new String(Json.write(GOOD), StandardCharsets.UTF_8);
        String forged = good.replaceFirst("(\"recentFast\":\\{[^}]*\"successes\":)1.0", "$1" + "5.0");
        assertTrue(forged.contains("\"successes\":5.0"), forged);
        assertEquals("negative, non-finite or inconsistent counts", refusal("LINT_FIX|acme/api#2", forged));
    }

    @Test
    void aHugeRecordIsRefusedBeforeItIsParsed() {
        byte[] huge = new byte[RouteStatsReader.MAX_BYTES + 1];
        String reason = assertThrows(IllegalArgumentException.class, () -> RouteStatsReader.read("k#0", huge)).getMessage();
        assertEquals("value of 16385 bytes exceeds 16384", reason);
        assertThrows(IllegalArgumentException.class, () -> RouteStatsReader.read("x".repeat(2000), Json.write(GOOD)));
    }
}
