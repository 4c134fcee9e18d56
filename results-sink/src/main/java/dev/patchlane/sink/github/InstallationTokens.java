package dev.patchlane.sink.github;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Authorizes as a GitHub App installation: exchanges the app's JWT for an installation token (through hub4j:
 * GET /app, GET /app/installations/{id}, POST /app/installations/{id}/access_tokens) and reuses it until shortly
 * before it expires.
 */
final class InstallationTokens implements AuthorizationProvider, TokenSource {

    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final GitHub app;
    private final long installationId;
    private final Clock clock;
    // guarded by this
    private String token;
    private Instant refreshAt = Instant.MIN;

    InstallationTokens(GitHub app, long installationId, Clock clock) {
        this.app = app;
        this.installationId = installationId;
        this.clock = clock;
    }

    @Override
    public String getEncodedAuthorization() throws IOException {
        return "token " + token();
    }

    @Override
    public synchronized String token() throws IOException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            GHAppInstallationToken fresh = app.getApp().getInstallationById(installationId).createToken().create();
            Date expiresAt = fresh.getExpiresAt();
            if (fresh.getToken() == null || expiresAt == null) {
                throw new IOException("GitHub's access_tokens answer for installation " + installationId
                        + " lacks token or expires_at");
            }
            token = fresh.getToken();
            refreshAt = expiresAt.toInstant().minus(REFRESH_BEFORE_EXPIRY);
        }
        return token;
    }

    synchronized void forget() {
        token = null;
        refreshAt = Instant.MIN;
    }

    @Override
    public String toString() {
        return "InstallationTokens[installationId=" + installationId + "]";
    }
}
