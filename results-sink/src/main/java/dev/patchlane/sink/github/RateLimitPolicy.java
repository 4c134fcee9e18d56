package dev.patchlane.sink.github;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait out GitHub's rate limits and how to pace mutating calls.
 *
 * @param secondaryMinimumWait first wait for a secondary limit that names no wait; it doubles on each repeat
 * @param maxRetries re-sends of one call allowed after rate-limit answers
 * @param maxWait total waiting one call may do; a wait that would pass it gives up instead
 * @param mutationSpacing least time between the end of one mutating call and the start of the next, per credential;
 *     across processes sharing a {@link MutationGate} through Kafka, between their starts
 */
public record RateLimitPolicy(Duration secondaryMinimumWait, int maxRetries, Duration maxWait,
        Duration mutationSpacing) {

    public RateLimitPolicy {
        requireNotNegative(secondaryMinimumWait, "secondaryMinimumWait");
        requireNotNegative(maxWait, "maxWait");
        requireNotNegative(mutationSpacing, "mutationSpacing");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
    }

    /** GitHub's guidance: a minute for an unexplained secondary limit, a second between mutating requests. */
    public static RateLimitPolicy defaults() {
        return new RateLimitPolicy(Duration.ofSeconds(60), 5, Duration.ofMinutes(15), Duration.ofSeconds(1));
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + duration);
        }
    }
}
