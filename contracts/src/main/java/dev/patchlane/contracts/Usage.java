package dev.patchlane.contracts;

/**
 * Tokens a decoder consumed and produced.
 *
 * @param promptTokens tokens in
 * @param completionTokens tokens out
 */
public record Usage(long promptTokens, long completionTokens) {

    public static final Usage NONE = new Usage(0, 0);

    /** What these tokens cost at the given US dollar prices per million. */
    public double costUsd(double inputPerMillion, double outputPerMillion) {
        return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
    }

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
