package dev.patchlane.decoding.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final ResilienceSettings settings = new ResilienceSettings(10, Duration.ofMillis(100), Duration.ofMillis(1_000),
            Duration.ofSeconds(30), Duration.ofMinutes(5), 20, 0.5, Duration.ofSeconds(30));

    @Test
    void theCapDoublesPerRetryUpToTheMaximum() {
        Backoff backoff = new Backoff(settings, new Random(1));

        assertEquals(Duration.ofMillis(100), backoff.cap(1));
        assertEquals(Duration.ofMillis(200), backoff.cap(2));
        assertEquals(Duration.ofMillis(800), backoff.cap(4));
        assertEquals(Duration.ofMillis(1_000), backoff.cap(5));
        assertEquals(Duration.ofMillis(1_000), backoff.cap(60));
    }

    @Test
    void fullJitterSpreadsWaitsOverTheWholeRangeAndRepeatsWithTheSameSeed() {
        DecoderException cut = new DecoderException(Failure.STREAM_CUT, "cut");
        Backoff backoff = new Backoff(settings, new Random(42));
        Backoff again = new Backoff(settings, new Random(42));
        Set<Long> distinct = new HashSet<>();
        long below = 0;
        for (int i = 0; i < 200; i++) {
            long wait = backoff.before(4, cut).toMillis();
            assertEquals(wait, again.before(4, cut).toMillis());
            assertTrue(wait >= 0 && wait <= 400, "wait " + wait);
            distinct.add(wait);
            below += wait < 200 ? 1 : 0;
        }
        assertTrue(distinct.size() > 50, "waits should spread, got " + distinct.size() + " distinct values");
        assertTrue(below > 50 && below < 150, below + " of 200 waits fell in the lower half");
    }

    @Test
    void aRetryAfterIsHonouredUpToItsCap() {
        Backoff backoff = new Backoff(settings, new Random(1));

        assertEquals(Duration.ofSeconds(3), backoff.before(2, limited(Duration.ofSeconds(3))));
        assertEquals(Duration.ofSeconds(30), backoff.before(2, limited(Duration.ofMinutes(10))));
    }

    private static DecoderException limited(Duration retryAfter) {
        return new DecoderException(Failure.RATE_LIMITED, 429, retryAfter, "slow down", null);
    }
}
