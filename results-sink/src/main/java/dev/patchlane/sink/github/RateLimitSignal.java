package dev.patchlane.sink.github;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import org.kohsuke.github.connector.GitHubConnectorResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * GitHub's answer that a request was rate limited, read the way GitHub's REST docs say: Retry-After first, then
 * x-ratelimit-remaining 0 with x-ratelimit-reset, otherwise a secondary limit that names no wait (a 429, or a 403
 * whose message speaks of a rate limit).
 *
 * @param reason words for logs and give-up messages
 * @param announcedWait the wait GitHub named, empty when the caller must choose one
 */
record RateLimitSignal(String reason, Optional<Duration> announcedWait) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEAST_RESET_WAIT = Duration.ofSeconds(1);

    static Optional<RateLimitSignal> read(GitHubConnectorResponse response, Clock clock) {
        int status = response.statusCode();
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null) {
            return Optional.of(new RateLimitSignal("HTTP " + status + " with Retry-After " + retryAfter,
                    Optional.of(retryAfterWait(retryAfter.trim(), serverNow(response, clock)))));
        }
        if ("0".equals(trimmed(response.header("x-ratelimit-remaining")))) {
            String reset = trimmed(response.header("x-ratelimit-reset"));
            String reason = "HTTP " + status + " primary rate limit exhausted, reset " + reset;
            return Optional.of(new RateLimitSignal(reason, resetWait(reset, serverNow(response, clock))));
        }
        // gh-limited-by is the header hub4j also treats as a secondary limit
        if (status == 429 || response.header("gh-limited-by") != null || mentionsRateLimit(response)) {
            return Optional.of(new RateLimitSignal("HTTP " + status + " secondary rate limit", Optional.empty()));
        }
        return Optional.empty();
    }

    private static Duration retryAfterWait(String value, Instant now) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException unreadable) {
                return Duration.ZERO;
            }
        }
    }

    private static Optional<Duration> resetWait(String reset, Instant now) {
        if (reset == null) {
            return Optional.empty();
        }
        try {
            Duration untilReset = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(reset)));
            // reset is whole seconds, so a reset that looks past may still be a moment away
            return Optional.of(untilReset.compareTo(LEAST_RESET_WAIT) < 0 ? LEAST_RESET_WAIT : untilReset);
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    // GitHub's Date header, not our clock, is what its reset and Retry-After dates are relative to
    private static Instant serverNow(GitHubConnectorResponse response, Clock clock) {
        String date = response.header("Date");
        if (date != null) {
            try {
                return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException ignored) {
                // fall back to our clock
            }
        }
        return clock.instant();
    }

    private static boolean mentionsRateLimit(GitHubConnectorResponse response) {
        String text;
        try (InputStream body = response.bodyStream()) {
            text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException noBody) {
            return false;
        }
        String message = text;
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.hasNonNull("message")) {
                message = node.get("message").asText();
            }
        } catch (IOException notJson) {
            // read the raw text instead
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("rate limit") || lower.contains("abuse detection");
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
