package dev.patchlane.decoding.resilience;

import java.time.Duration;

/**
 * How hard {@link ResilientDecoder} tries, and when it stops trying an endpoint at all.
 *
 * @param maxAttempts attempts per stream, the first included; exact, since the HTTP client resends nothing itself
 * @param baseBackoff the cap of the first retry's random wait; each further retry doubles it
 * @param maxBackoff the largest cap a random wait can reach
 * @param maxRetryAfter the longest wait honoured when the endpoint names one ({@code Retry-After})
 * @param totalDeadline no attempt starts, and no wait is begun, that would start after this much time since subscribing
 * @param breakerWindow the circuit breaker's rolling window: the last this many attempts, and the least it judges on
 * @param breakerFailureRatio the share of endpoint failures in the window that opens the breaker
 * @param breakerDelay how long an open breaker refuses streams before it lets a trial through
 */
public record ResilienceSettings(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter,
        Duration totalDeadline, int breakerWindow, double breakerFailureRatio, Duration breakerDelay) {

    public ResilienceSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        requireNotNegative(baseBackoff, "baseBackoff");
        requireNotNegative(maxBackoff, "maxBackoff");
        requireNotNegative(maxRetryAfter, "maxRetryAfter");
        requireNotNegative(breakerDelay, "breakerDelay");
        if (totalDeadline == null || totalDeadline.isZero() || totalDeadline.isNegative()) {
            throw new IllegalArgumentException("totalDeadline must be positive");
        }
        if (breakerWindow < 1) {
            throw new IllegalArgumentException("breakerWindow must be at least 1");
        }
        if (!(breakerFailureRatio > 0 && breakerFailureRatio <= 1)) {
            throw new IllegalArgumentException("breakerFailureRatio must be in (0, 1]");
        }
    }

    /** 4 attempts, waits from 0.5 s up to 20 s (Retry-After up to 60 s), 10 minutes in all; the breaker opens at half of 20 attempts failing, for 30 s. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(4, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofMinutes(10),
                20, 0.5, Duration.ofSeconds(30));
    }

    private static void requireNotNegative(Duration duration, String name) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
