package dev.patchlane.ingest.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured token: its name, tenant, digest and scopes. Its messages name the token, never the digest.
 *
 * @param name the token's name
 * @param tenant its tenant
 * @param sha256Hex the lower-case hex SHA-256 of the token
 * @param scopes what it may do
 * @param expiresAt when it stops being accepted, or null
 */
record KnownToken(String name, String tenant, String sha256Hex, Set<Scope> scopes, Instant expiresAt) {

    static final Pattern NAME = Pattern.compile(AuthConfig.NAME_PATTERN);
    static final Pattern TENANT = Pattern.compile(AuthConfig.TENANT_PATTERN);
    private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-fA-F]{64}$");

    KnownToken {
        scopes = Set.copyOf(scopes);
    }

    /** Checks every field; an {@link IllegalArgumentException} says which is wrong without repeating a digest. */
    static KnownToken of(String name, String tenant, String sha256, List<String> scopes, Instant expiresAt) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the token name must match " + NAME.pattern());
        }
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("the tenant must match " + TENANT.pattern());
        }
        return new KnownToken(name, tenant, digest(sha256), scopes(scopes), expiresAt);
    }

    /** A hex SHA-256 in lower case; the message says what is expected, not what was found. */
    static String digest(String sha256) {
        if (sha256 == null || !SHA256_HEX.matcher(sha256.strip()).matches()) {
            throw new IllegalArgumentException("the sha256 is not a SHA-256 in hex (64 hex digits); configure the token's hash, "
                    + "never the token: printf %s \"$TOKEN\" | sha256sum");
        }
        return sha256.strip().toLowerCase(Locale.ROOT);
    }

    static Set<Scope> scopes(List<String> names) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names == null ? List.<String>of() : names) {
            if (name.isBlank()) {
                continue;
            }
            scopes.add(Scope.ofRole(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown scope '" + name.strip() + "'; the scopes are " + Scope.names())));
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("the token has no scope; give one or more of " + Scope.names());
        }
        return scopes;
    }

    byte[] digestBytes() {
        return HexFormat.of().parseHex(sha256Hex);
    }

    Caller caller() {
        return new Caller(tenant, name, scopes);
    }
}
