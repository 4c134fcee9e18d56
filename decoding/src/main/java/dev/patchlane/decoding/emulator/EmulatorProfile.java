package dev.patchlane.decoding.emulator;

import java.time.Duration;

/**
 * The timing an emulated decoder reproduces.
 *
 * @param name the lane or profile name, e.g. {@code fast}
 * @param model the model and hardware class it stands for
 * @param timeToFirstToken the delay before the first token
 * @param tokensPerSecond the per-stream decode speed after the first token
 */
public record EmulatorProfile(String name, String model, Duration timeToFirstToken, double tokensPerSecond) {

    public EmulatorProfile {
        if (tokensPerSecond <= 0) {
            throw new IllegalArgumentException("tokensPerSecond must be positive");
        }
    }
}
