package dev.patchlane.sink.pacing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One sink replica's request for a turn on a lane, as written to the pacing topic keyed by the lane. Its place in the
 * log, not any clock of the replica, decides its slot; {@code requestedAtMillis} is the writer's clock, kept only to
 * diagnose skew.
 *
 * @param lane the credential lane (installation or token hash), also the record key
 * @param replica who asked, for diagnosis
 * @param ticket unique per request; a second record with the same id is a duplicate
 * @param spacingMillis how long after the lane's previous slot this one may start at the earliest
 * @param requestedAtMillis the writer's wall clock when it asked
 */
public record PacingTicket(String lane, String replica, String ticket, long spacingMillis, long requestedAtMillis) {

    public static final int SCHEMA_VERSION = 1;
    /** A real ticket is a few hundred bytes; anything much larger is not one, and is not parsed. */
    public static final int MAX_BYTES = 4096;
    /** No ticket may hold a lane back longer than this, whatever it claims. */
    public static final long MAX_SPACING_MILLIS = 60_000;
    static final int MAX_LANE = 512;
    static final int MAX_ID = 128;

    public PacingTicket {
        require(lane, "lane", MAX_LANE);
        require(replica, "replica", MAX_ID);
        require(ticket, "ticket", MAX_ID);
        if (spacingMillis < 0 || spacingMillis > MAX_SPACING_MILLIS) {
            throw new IllegalArgumentException("spacingMillis must be within 0.." + MAX_SPACING_MILLIS + ", got " + spacingMillis);
        }
    }

    public byte[] toBytes() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("lane", lane);
        node.put("replica", replica);
        node.put("ticket", ticket);
        node.put("spacingMillis", spacingMillis);
        node.put("requestedAtMillis", requestedAtMillis);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a record of the pacing topic, refusing anything that is not a ticket of this schema whose lane is its key.
     *
     * @throws IllegalArgumentException saying what is wrong, without echoing the record
     */
    public static PacingTicket parse(String key, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        if (value.length > MAX_BYTES) {
            throw new IllegalArgumentException(value.length + " bytes, more than a ticket's " + MAX_BYTES);
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!node.path("schemaVersion").isInt() || node.get("schemaVersion").intValue() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion is not " + SCHEMA_VERSION);
        }
        PacingTicket ticket = new PacingTicket(text(node, "lane"), text(node, "replica"), text(node, "ticket"),
                number(node, "spacingMillis"), number(node, "requestedAtMillis"));
        if (!ticket.lane().equals(key)) {
            throw new IllegalArgumentException("the record's key is not its lane");
        }
        return ticket;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " is missing or not an integer");
        }
        return value.longValue();
    }

    private static void require(String value, String field, int max) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(field + " must be 1.." + max + " characters");
        }
    }
}
