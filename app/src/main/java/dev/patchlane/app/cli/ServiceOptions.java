package dev.patchlane.app.cli;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the running service is: {@code --url}, else {@code PATCHLANE_URL}, else localhost on {@code PATCHLANE_HTTP_PORT}. */
class ServiceOptions {

    @Option(names = "--url", paramLabel = "<url>",
            description = "The running service (default: $PATCHLANE_URL, else http://localhost:$PATCHLANE_HTTP_PORT, port 8080 when unset).")
    String url;

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

    static String defaultUrl(Map<String, String> env) {
        String url = env.get("PATCHLANE_URL");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        String port = env.get("PATCHLANE_HTTP_PORT");
        return "http://localhost:" + (port == null || port.isBlank() ? "8080" : port.strip());
    }
}
