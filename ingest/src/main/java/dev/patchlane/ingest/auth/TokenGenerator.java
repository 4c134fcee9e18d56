package dev.patchlane.ingest.auth;

import dev.patchlane.contracts.Digests;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** New API tokens, and the SHA-256 that configuration holds instead of them. */
public final class TokenGenerator {

    /** Every token starts so, so that a leaked one is easy to recognise (secret scanners, logs). */
    public static final String PREFIX = "pl_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenGenerator() {
    }

    /** {@value #PREFIX} and 32 random bytes, base64url without padding. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lower-case hex SHA-256 of the token's UTF-8 bytes, as {@code patchlane.auth.tokens.*.sha256} wants it. */
    public static String sha256Hex(String token) {
        return Digests.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }
}
