package dev.patchlane.decoding.openai;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a server asked us to wait: OpenAI's {@code retry-after-ms} (milliseconds, may be fractional) first, then
 * {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110, section 10.2.3).
 */
final class RetryAfter {

    private RetryAfter() {
    }

    static Optional<Duration> from(HttpHeaders headers, Clock clock) {
        Optional<Duration> millis = headers.firstValue("retry-after-ms").flatMap(RetryAfter::millis);
        if (millis.isPresent()) {
            return millis;
        }
        return headers.firstValue("retry-after").flatMap(value -> parse(value, clock));
    }

    static Optional<Duration> parse(String value, Clock clock) {
        String trimmed = value.strip();
        try {
            double seconds = Double.parseDouble(trimmed);
            return seconds >= 0 && Double.isFinite(seconds) ? Optional.of(Duration.ofMillis(Math.round(seconds * 1000))) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.strip());
            return ms >= 0 && Double.isFinite(ms) ? Optional.of(Duration.ofNanos(Math.round(ms * 1_000_000))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
