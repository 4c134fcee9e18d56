package dev.patchlane.decoding.resilience;

import dev.patchlane.decoding.DecoderException;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The wait before a retry: what the endpoint asked for ({@code Retry-After}, capped), else exponential backoff with full
 * jitter, a uniform random wait between zero and {@code min(maxBackoff, baseBackoff × 2^(retry − 1))}.
 */
final class Backoff {

    private final ResilienceSettings settings;
    private final RandomGenerator random;

    Backoff(ResilienceSettings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
    }

    /** The wait before {@code attempt} (2 or more) after {@code failure}. */
    Duration before(int attempt, DecoderException failure) {
        Optional<Duration> asked = failure.retryAfter();
        if (asked.isPresent()) {
            return asked.get().compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : asked.get();
        }
        long capMillis = cap(attempt - 1).toMillis();
        return Duration.ofMillis(capMillis == 0 ? 0 : random.nextLong(capMillis + 1));
    }

    /** The upper bound of the random wait before the given retry (1 for the second attempt). */
    Duration cap(int retry) {
        Duration cap = settings.baseBackoff();
        for (int i = 1; i < retry && cap.compareTo(settings.maxBackoff()) < 0; i++) {
            cap = cap.multipliedBy(2);
        }
        return cap.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : cap;
    }
}
