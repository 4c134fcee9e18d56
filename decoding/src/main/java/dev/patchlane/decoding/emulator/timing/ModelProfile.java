package dev.patchlane.decoding.emulator.timing;

import java.util.Objects;

/**
 * One model's shape, as far as timing depends on it.
 *
 * @param name the profile name, e.g. {@code llama-3.3-70b}
 * @param totalParams every parameter, which must be held in memory
 * @param activeParams parameters used per token (equal to total for a dense model, fewer for a mixture of experts)
 * @param layers transformer layers
 * @param hiddenSize the model dimension
 * @param kvHeads key/value heads per layer (grouped-query attention)
 * @param headDim dimension of one attention head
 * @param bytesPerWeight bytes per weight as served: 2 for 16-bit, 1 for FP8, about 0.5 for 4-bit formats
 * @param contextWindow the most tokens (prompt plus output) one request may hold
 * @param draftModel the smaller model a serving stack with speculative decoding drafts with; null where none is worth it
 * @param reasoningTokens hidden tokens a reasoning model decodes before its first visible token; 0 for other models
 * @param note where the figures come from; says so where they are assumptions
 */
public record ModelProfile(
        String name,
        double totalParams,
        double activeParams,
        int layers,
        int hiddenSize,
        int kvHeads,
        int headDim,
        double bytesPerWeight,
        int contextWindow,
        String draftModel,
        int reasoningTokens,
        String note) {

    /** The KV cache is kept at 16 bits per element. */
    public static final double KV_BYTES_PER_ELEMENT = 2.0;

    public ModelProfile {
        Objects.requireNonNull(name, "name");
        HardwareProfile.positive(name, "totalParams", totalParams);
        HardwareProfile.positive(name, "activeParams", activeParams);
        HardwareProfile.positive(name, "bytesPerWeight", bytesPerWeight);
        if (activeParams > totalParams) {
            throw new IllegalArgumentException(name + ": activeParams exceeds totalParams");
        }
        if (layers < 1 || hiddenSize < 1 || kvHeads < 1 || headDim < 1 || contextWindow < 1) {
            throw new IllegalArgumentException(name + ": layers, hiddenSize, kvHeads, headDim and contextWindow must be positive");
        }
        if (reasoningTokens < 0) {
            throw new IllegalArgumentException(name + ": reasoningTokens must not be negative");
        }
    }

    /** A model that shows its first token without hidden reasoning. */
    public ModelProfile(String name, double totalParams, double activeParams, int layers, int hiddenSize, int kvHeads, int headDim,
            double bytesPerWeight, int contextWindow, String draftModel, String note) {
        this(name, totalParams, activeParams, layers, hiddenSize, kvHeads, headDim, bytesPerWeight, contextWindow, draftModel, 0, note);
    }

    public double weightBytes() {
        return totalParams * bytesPerWeight;
    }

    public double activeWeightBytes() {
        return activeParams * bytesPerWeight;
    }

    /** Keys and values of one token across all layers. */
    public double kvBytesPerToken() {
        return 2.0 * layers * kvHeads * headDim * KV_BYTES_PER_ELEMENT;
    }

    public boolean isMixtureOfExperts() {
        return activeParams < totalParams;
    }
}
