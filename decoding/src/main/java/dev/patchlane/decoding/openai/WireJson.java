package dev.patchlane.decoding.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import java.util.regex.Pattern;

/** What both wire formats need from JSON: parsing event data and naming a structured-output schema. */
final class WireJson {

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String DEFAULT_SCHEMA_NAME = "answer";

    private WireJson() {
    }

    static JsonNode parse(String data, Failures failures) {
        try {
            JsonNode node = Json.mapper().readTree(data);
            if (node == null || !node.isObject()) {
                throw failures.protocol("an event's data is not a JSON object: " + data, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            // not kept as the cause: the parser's message quotes the offending token, which may be an echoed key
            throw failures.protocol("unparseable event data (" + e.getOriginalMessage() + "): " + data, null);
        }
    }

    /** The schema's {@code title} when it is a valid response-format name (letters, digits, {@code _}, {@code -}, ≤ 64), else {@code answer}. */
    static String schemaName(JsonNode schema) {
        String title = schema.path("title").asText("");
        return VALID_NAME.matcher(title).matches() ? title : DEFAULT_SCHEMA_NAME;
    }

    static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() ? value.asLong() : 0;
    }
}
