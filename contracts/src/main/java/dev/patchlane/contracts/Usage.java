package dev.patchlane.contracts;

/**
 * Tokens a decoder consumed and produced.
 *
 * @param promptTokens tokens in
 * @param completionTokens tokens out
 */
public record Usage(long promptTokens, long completionTokens) {

    public static final Usage NONE = new Usage(0, 0);

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
