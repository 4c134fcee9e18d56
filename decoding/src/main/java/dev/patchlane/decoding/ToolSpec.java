package dev.patchlane.decoding;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the decoder may call instead of, or besides, answering in text.
 *
 * @param name the function name
 * @param description what it does, for the model
 * @param parameters the JSON Schema of its arguments
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
}
