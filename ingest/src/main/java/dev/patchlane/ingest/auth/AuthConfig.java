package dev.patchlane.ingest.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bearer tokens of the API, per tenant; only their SHA-256 is ever configured. */
@ConfigMapping(prefix = "patchlane.auth")
public interface AuthConfig {

    /** What a token's name looks like (the key under {@code patchlane.auth.tokens}, the first field of a tokens-file line). */
    String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /** What a tenant looks like. */
    String TENANT_PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$";

    /** False makes every request an anonymous caller of tenant {@code local} with every scope: for local experiments only. */
    @WithDefault("true")
    boolean enabled();

    /** Tokens by name, e.g. {@code patchlane.auth.tokens.ci-bot.tenant=acme}. */
    Map<String, TokenConfig> tokens();

    /** A file of lines {@code <name> <tenant> <sha256-hex> <scope,scope> [expires-at]}, re-read when it changes. */
    Optional<Path> tokensFile();

    /** How often, at most, the tokens file is checked for a change. */
    @WithDefault("5s")
    Duration tokensFileCheckInterval();

    /** SHA-256 (hex) of tokens refused even where they are listed. */
    Optional<List<String>> revoked();

    interface TokenConfig {

        /** The tenant the token's jobs and migrations belong to: {@code ^[a-z0-9][a-z0-9._-]{0,63}$}. */
        String tenant();

        /** The hex SHA-256 of the token ({@code printf %s "$TOKEN" | sha256sum}); the token itself is never configured. */
        String sha256();

        /** What the token may do: submit, read, cancel, admin. */
        List<String> scopes();

        /** When the token stops being accepted (ISO-8601 instant), or never. */
        Optional<Instant> expiresAt();
    }
}
