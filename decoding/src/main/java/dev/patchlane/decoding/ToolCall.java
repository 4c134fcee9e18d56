package dev.patchlane.decoding;

/**
 * A complete function call the decoder made.
 *
 * @param id the provider's call id
 * @param name the function name
 * @param arguments the arguments as the JSON text the decoder produced (not necessarily valid)
 */
public record ToolCall(String id, String name, String arguments) {
}
