package dev.patchlane.decoding.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsDelaySecondsAnHttpDateAndOpenAisMillisecondsFirst() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.from(headers("Retry-After", "7"), clock));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.from(headers("Retry-After", "Sun, 01 Mar 2026 12:01:30 GMT"), clock));
        assertEquals(Optional.of(Duration.ofMillis(250)), RetryAfter.from(headers("retry-after-ms", "250", "Retry-After", "7"), clock));
        assertEquals(Optional.of(Duration.ofNanos(1_500_000)), RetryAfter.from(headers("retry-after-ms", "1.5"), clock));
    }

    @Test
    void aDateInThePastMeansNowAndGarbageMeansNothing() {
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.from(headers("Retry-After", "Sun, 01 Mar 2026 11:00:00 GMT"), clock));
        assertEquals(Optional.empty(), RetryAfter.from(headers("Retry-After", "soon"), clock));
        assertEquals(Optional.empty(), RetryAfter.from(headers("Retry-After", "-3"), clock));
        assertEquals(Optional.empty(), RetryAfter.from(headers(), clock));
    }

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
