package dev.patchlane.ingest.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The API's tokens, held as SHA-256 digests only: answers the caller a presented token stands for, or why it is refused.
 * Tokens come from configuration and from a tokens file, which is re-read when it changes (a rotated Secret mount).
 */
public final class TenantTokens {

    private static final Logger LOG = Logger.getLogger(TenantTokens.class);

    /** What a presented token is worth. */
    public sealed interface Verdict {

        record Accepted(Caller caller) implements Verdict {
        }

        /** @param reason why, in words fit for the caller and the log; never the token */
        record Refused(String reason) implements Verdict {
        }
    }

    private final List<KnownToken> configured;
    private final Set<String> revoked;
    private final Path file;
    private final Duration checkInterval;
    private final Clock clock;

    private volatile Map<String, KnownToken> byDigest;
    private volatile Instant nextCheck;
    private Stamp loaded;

    private TenantTokens(List<KnownToken> configured, Set<String> revoked, Path file, Duration checkInterval, Clock clock)
            throws TokensFile.Invalid {
        this.configured = List.copyOf(configured);
        this.revoked = Set.copyOf(revoked);
        this.file = file;
        this.checkInterval = checkInterval;
        this.clock = clock;
        this.nextCheck = clock.instant().plus(checkInterval);
        this.loaded = file == null ? null : Stamp.of(file);
        this.byDigest = index(file == null ? List.of() : TokensFile.read(file));
    }

    /** The tokens of {@code config}; a bad entry or an unusable tokens file is an {@link IllegalArgumentException} naming it. */
    public static TenantTokens from(AuthConfig config, Clock clock) {
        List<KnownToken> configured = new ArrayList<>();
        config.tokens().forEach((name, token) -> {
            try {
                configured.add(KnownToken.of(name, token.tenant(), token.sha256(), token.scopes(), token.expiresAt().orElse(null)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("patchlane.auth.tokens.\"" + (KnownToken.NAME.matcher(name).matches() ? name : "?")
                        + "\": " + e.getMessage());
            }
        });
        Set<String> revoked = new HashSet<>();
        List<String> listed = config.revoked().orElse(List.of());
        for (int i = 0; i < listed.size(); i++) {
            try {
                revoked.add(KnownToken.digest(listed.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("patchlane.auth.revoked[" + i + "]: " + e.getMessage());
            }
        }
        try {
            return new TenantTokens(configured, revoked, config.tokensFile().orElse(null), config.tokensFileCheckInterval(), clock);
        } catch (TokensFile.Invalid e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The caller {@code token} stands for, or why it is refused: unknown, revoked or expired. */
    public Verdict check(String token) {
        reloadIfChanged();
        byte[] presented = sha256(token);
        String hex = HexFormat.of().formatHex(presented);
        if (revoked.contains(hex)) {
            return new Verdict.Refused("the token has been revoked");
        }
        KnownToken known = byDigest.get(hex);
        if (known == null || !MessageDigest.isEqual(known.digestBytes(), presented)) {
            return new Verdict.Refused("the token is not known here");
        }
        if (known.expiresAt() != null && !clock.instant().isBefore(known.expiresAt())) {
            return new Verdict.Refused("the token expired at " + known.expiresAt());
        }
        return new Verdict.Accepted(known.caller());
    }

    /** How many tokens are usable now (neither revoked nor expired), for the start-up log. */
    public long usable() {
        Instant now = clock.instant();
        return byDigest.values().stream()
                .filter(t -> !revoked.contains(t.sha256Hex()))
                .filter(t -> t.expiresAt() == null || now.isBefore(t.expiresAt()))
                .count();
    }

    /** The tenants that have a token, for the start-up log. */
    public Set<String> tenants() {
        Set<String> tenants = new TreeSet<>();
        byDigest.values().forEach(t -> tenants.add(t.tenant()));
        return tenants;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private void reloadIfChanged() {
        if (file == null || clock.instant().isBefore(nextCheck)) {
            return;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(checkInterval);
            Stamp stamp = Stamp.of(file);
            if (stamp.equals(loaded)) {
                return;
            }
            try {
                byDigest = index(TokensFile.read(file));
                loaded = stamp;
                LOG.infof("re-read %s: %d tokens", file, byDigest.size());
            } catch (TokensFile.Invalid | IllegalArgumentException e) {
                // Not marked as read: the file is tried again at every check until a readable version replaces it.
                LOG.errorf("keeping the tokens read before until %s can be read: %s", file, e.getMessage());
            }
        }
    }

    private Map<String, KnownToken> index(List<KnownToken> fromFile) throws TokensFile.Invalid {
        Map<String, KnownToken> index = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (KnownToken token : configured) {
            names.add(token.name());
            if (index.putIfAbsent(token.sha256Hex(), token) != null) {
                throw new IllegalArgumentException("patchlane.auth.tokens.\"" + token.name() + "\" has the same hash as another token");
            }
        }
        for (KnownToken token : fromFile) {
            if (!names.add(token.name())) {
                throw new TokensFile.Invalid("tokens file " + file + ": token " + token.name() + " is also configured in patchlane.auth.tokens");
            }
            if (index.putIfAbsent(token.sha256Hex(), token) != null) {
                throw new TokensFile.Invalid("tokens file " + file + ": token " + token.name() + " has the same hash as a configured token");
            }
        }
        return Map.copyOf(index);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** What tells a changed file: its modification time and size (a Secret mount swaps the whole file). */
    private record Stamp(long modifiedMillis, long size) {

        static Stamp of(Path file) {
            try {
                return new Stamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
            } catch (IOException e) {
                return new Stamp(-1, -1);
            }
        }
    }
}
