package dev.patchlane.decoding.emulator.http;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks {@code Authorization: Bearer <key>} in constant time when a key is configured. The key is never logged. */
final class ApiKeyCheck {

    private static final String BEARER = "Bearer ";

    private final byte[] key;

    ApiKeyCheck(String key) {
        this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** The 401 to answer with, or empty when the request may pass. */
    Optional<ApiError> refusal(HttpServerRequest request) {
        if (key == null) {
            return Optional.empty();
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() == BEARER.length()) {
            return Optional.of(ApiError.missingKey());
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, key) ? Optional.empty() : Optional.of(ApiError.wrongKey());
    }
}
