package dev.patchlane.decoding.emulator.timing;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How much a serving stack's speculative decoding shortens the time per output token.
 *
 * @param speedup output tokens per target-model step relative to plain decoding; 1 means none
 */
public record SpeculativeDecoding(double speedup) {

    public static final SpeculativeDecoding NONE = new SpeculativeDecoding(1.0);

    public SpeculativeDecoding {
        if (!(speedup >= 1.0) || Double.isInfinite(speedup)) {
            throw new IllegalArgumentException("speculative speedup must be a finite number >= 1, was " + speedup);
        }
    }

    /**
     * The speedup of drafting {@code draftTokens} tokens with a cheaper model, each accepted with probability
     * {@code acceptanceRate}: expected tokens per step (1 − α^(k+1)) / (1 − α), divided by the step's cost 1 + k × c.
     *
     * @param acceptanceRate α, the chance the target model accepts one drafted token, in [0, 1)
     * @param draftTokens k, tokens drafted per step
     * @param draftCostRatio c, the time of one draft token relative to one target step
     */
    public static SpeculativeDecoding of(double acceptanceRate, int draftTokens, double draftCostRatio) {
        if (acceptanceRate < 0 || acceptanceRate >= 1 || draftTokens < 1 || draftCostRatio < 0) {
            throw new IllegalArgumentException("need 0 <= acceptanceRate < 1, draftTokens >= 1, draftCostRatio >= 0");
        }
        double tokensPerStep = (1 - Math.pow(acceptanceRate, draftTokens + 1)) / (1 - acceptanceRate);
        return new SpeculativeDecoding(Math.max(1.0, tokensPerStep / (1 + draftTokens * draftCostRatio)));
    }

    @JsonIgnore
    public boolean isNone() {
        return speedup == 1.0;
    }
}
