package dev.patchlane.pipeline.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one record of the statistics topic, which any client of the cluster can write: anything that is not a
 * statistics record of this schema, under its own key, with sane counts, is refused with the reason.
 */
public final class RouteStatsReader {

    /** A real record is a few hundred bytes; anything far larger is not one. */
    public static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_KEY_CHARS = 1024;

    private RouteStatsReader() {
    }

    /** The record, or an {@link IllegalArgumentException} saying why it is not one. */
    public static RouteStats read(String recordKey, byte[] value) {
        if (recordKey == null || recordKey.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("record key missing or over " + MAX_KEY_CHARS + " characters");
        }
        if (value.length > MAX_BYTES) {
            throw new IllegalArgumentException("value of " + value.length + " bytes exceeds " + MAX_BYTES);
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (tree.path("schemaVersion").asInt(-1) != RouteStats.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + tree.path("schemaVersion") + " is not " + RouteStats.SCHEMA_VERSION);
        }
        RouteStats stats;
        try {
            stats = Json.mapper().treeToValue(tree, RouteStats.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a statistics record: " + firstLine(e.getMessage()));
        }
        if (stats.key() == null || stats.key().isBlank() || stats.fast() == null || stats.deep() == null || stats.updatedAt() == null) {
            throw new IllegalArgumentException("key, fast, deep and updatedAt are required");
        }
        stats = stats.withRecentPresent();
        if (!stats.recordKey().equals(recordKey)) {
            throw new IllegalArgumentException("record key " + shown(recordKey) + " does not match its content " + shown(stats.recordKey()));
        }
        if (stats.partition() < 0 || stats.lastOffset() < -1 || stats.outcomes() < 0 || !Double.isFinite(stats.escalations())
                || stats.escalations() < 0 || !stats.fast().sane() || !stats.recentFast().sane() || !stats.deep().sane()) {
            throw new IllegalArgumentException("negative, non-finite or inconsistent counts");
        }
        return stats;
    }

    private static String shown(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "…";
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).substring(0, Math.min(line.length(), 160));
    }
}
