package dev.patchlane.sink.github;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnector;

/** Builds the hub4j client for one {@link GitHubSettings}: its authorization, rate-limit waits and mutation lane. */
final class GitHubClients {

    private GitHubClients() {
    }

    /** The client for repository calls and the source of the token it sends. */
    record Built(GitHub client, TokenSource tokens) {
    }

    static Built build(GitHubSettings settings, GitHubConnector transport, Sleeper sleeper, Clock clock, MutationGate gate) {
        GitHubConnector rateLimited = new RateLimitedConnector(transport, settings.rateLimits(), sleeper, clock);
        String apiUrl = endpoint(settings.apiUrl());
        if (settings.token().isPresent()) {
            String token = settings.token().get();
            AuthorizationProvider authorization = () -> "token " + token;
            return new Built(client(settings.apiUrl(), authorization, paced("token " + apiUrl + " " + sha256(token),
                    settings, gate, rateLimited)), () -> token);
        }
        AppCredentials app = settings.app().orElseThrow();
        AppJwt jwt = new AppJwt(app.appId(), PemPrivateKeys.parse(app.privateKeyPem()), clock);
        // the token exchange is the app's own call, not a mutation of the installation's repositories
        InstallationTokens tokens = new InstallationTokens(client(settings.apiUrl(), jwt, rateLimited),
                app.installationId(), clock);
        GitHub client = client(settings.apiUrl(), tokens,
                paced("installation " + apiUrl + " " + app.installationId(), settings, gate, rateLimited));
        return new Built(client, tokens);
    }

    private static GitHubConnector paced(String laneKey, GitHubSettings settings, MutationGate gate, GitHubConnector connector) {
        return new PacedConnector(laneKey, settings.rateLimits().mutationSpacing(), gate, connector);
    }

    private static GitHub client(URI apiUrl, AuthorizationProvider authorization, GitHubConnector connector) {
        String endpoint = endpoint(apiUrl);
        try {
            // FAIL, not hub4j's default WAIT: RateLimitedConnector already waited, so hub4j must never sleep again
            return new GitHubBuilder().withEndpoint(endpoint)
                    .withAuthorizationProvider(authorization)
                    .withConnector(connector)
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                    .build();
        } catch (IOException e) {
            throw GitHubFailures.of("Setting up the GitHub client for " + endpoint, e);
        }
    }

    private static String endpoint(URI apiUrl) {
        return apiUrl.toString().replaceAll("/+$", "");
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
