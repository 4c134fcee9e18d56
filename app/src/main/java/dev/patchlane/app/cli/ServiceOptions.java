package dev.patchlane.app.cli;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the running service is: {@code --url}, else {@code PATCHLANE_URL}, else localhost on {@code PATCHLANE_HTTP_PORT};
 * and the API token: {@code --token}, else {@code PATCHLANE_TOKEN}.
 */
class ServiceOptions {

    @Option(names = "--url", paramLabel = "<url>",
            description = "The running service (default: $PATCHLANE_URL, else http://localhost:$PATCHLANE_HTTP_PORT, port 8080 when unset).")
    String url;

    @Option(names = "--token", paramLabel = "<token>",
            description = "The API bearer token (default: $PATCHLANE_TOKEN; prefer the variable, a command line is visible to other users).")
    String token;

    /** The URL as given or defaulted. */
    String value() {
        return url != null && !url.isBlank() ? url.strip() : defaultUrl(System.getenv());
    }

    /** The service's root, or empty when {@link #value()} is not an http(s) URL with a host. */
    Optional<URI> baseUri() {
        try {
            URI uri = URI.create(value());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The token as given or from the environment, or empty when there is none. */
    Optional<String> token() {
        return token != null && !token.isBlank() ? Optional.of(token.strip()) : defaultToken(System.getenv());
    }

    static Optional<String> defaultToken(Map<String, String> env) {
        String token = env.get("PATCHLANE_TOKEN");
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    }

    static String defaultUrl(Map<String, String> env) {
        String url = env.get("PATCHLANE_URL");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        String port = env.get("PATCHLANE_HTTP_PORT");
        return "http://localhost:" + (port == null || port.isBlank() ? "8080" : port.strip());
    }
}
