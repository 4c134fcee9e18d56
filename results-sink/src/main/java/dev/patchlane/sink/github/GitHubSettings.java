package dev.patchlane.sink.github;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where GitHub's REST API is and how to authenticate: exactly one of a token (personal or installation) or a
 * GitHub App installation.
 */
public record GitHubSettings(URI apiUrl, Optional<String> token, Optional<AppCredentials> app,
        RateLimitPolicy rateLimits) {

    public static final URI GITHUB_COM = URI.create("https://api.github.com");

    public GitHubSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(token, "token (use Optional.empty())");
        Objects.requireNonNull(app, "app (use Optional.empty())");
        Objects.requireNonNull(rateLimits, "rateLimits");
        if (!"https".equals(apiUrl.getScheme()) && !"http".equals(apiUrl.getScheme())) {
            throw new IllegalArgumentException("apiUrl must be http(s), got " + apiUrl);
        }
        if (token.isPresent() == app.isPresent()) {
            throw new IllegalArgumentException("GitHub settings need exactly one of a token or GitHub App credentials, got "
                    + (token.isPresent() ? "both" : "neither"));
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("GitHub token must not be blank");
        }
    }

    public static GitHubSettings forToken(URI apiUrl, String token) {
        return new GitHubSettings(apiUrl, Optional.of(token), Optional.empty(), RateLimitPolicy.defaults());
    }

    public static GitHubSettings forApp(URI apiUrl, AppCredentials app) {
        return new GitHubSettings(apiUrl, Optional.empty(), Optional.of(app), RateLimitPolicy.defaults());
    }

    public GitHubSettings withRateLimits(RateLimitPolicy policy) {
        return new GitHubSettings(apiUrl, token, app, policy);
    }

    @Override
    public String toString() {
        String auth = token.isPresent() ? "token=<hidden>" : "app=" + app.orElseThrow();
        return "GitHubSettings[apiUrl=" + apiUrl + ", " + auth + ", rateLimits=" + rateLimits + "]";
    }
}
