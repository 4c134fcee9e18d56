package dev.patchlane.decoding.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing one stream sees: as a fixed override of the timing model, or as the model's target for a workload.
 *
 * @param timeToFirstToken from the moment the stream holds a slot to its first visible token
 * @param tokensPerSecond the stream's decode speed after that
 */
public record StreamTiming(Duration timeToFirstToken, double tokensPerSecond) {

    public StreamTiming {
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        if (timeToFirstToken.isNegative() || !(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("need a non-negative time to first token and a positive, finite tokens/s");
        }
    }
}
