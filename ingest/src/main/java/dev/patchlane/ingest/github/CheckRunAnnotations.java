package dev.patchlane.ingest.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a check run's annotations from GitHub's REST API ("List check run annotations"), following pagination. Only
 * URLs under the configured API are fetched, so a payload cannot point patchlane at another host.
 */
public final class CheckRunAnnotations {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final int MAX_PAGES = 10;

    private final GithubWebhookConfig config;
    private final HttpClient http;

    public CheckRunAnnotations(GithubWebhookConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.apiTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One finding a linter reported. */
    public record Finding(String path, int line, String level, String title, String message) {
    }

    /** A refusal GitHub will repeat if asked again (404, 401, 403 without a rate limit). */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    public List<Finding> list(String annotationsUrl) {
        String api = config.apiUrl().toString().replaceAll("/+$", "") + "/";
        if (!annotationsUrl.startsWith(api)) {
            throw new Refused("annotations URL " + annotationsUrl + " is not under the configured GitHub API " + api);
        }
        List<Finding> findings = new ArrayList<>();
        String next = annotationsUrl + (annotationsUrl.contains("?") ? "&" : "?") + "per_page=100";
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            HttpResponse<byte[]> response = get(next);
            for (JsonNode annotation : read(response.body())) {
                findings.add(new Finding(annotation.path("path").asText(""), annotation.path("start_line").asInt(0),
                        annotation.path("annotation_level").asText(""), annotation.path("title").asText(""),
                        annotation.path("message").asText("")));
            }
            next = nextPage(response).filter(url -> url.startsWith(api)).orElse(null);
        }
        return findings;
    }

    private HttpResponse<byte[]> get(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Refused("annotations URL is malformed: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.apiTimeout())
                .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28");
        Optional.ofNullable(System.getenv(config.tokenEnv())).filter(t -> !t.isBlank())
                .ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("GitHub API unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling GitHub", e);
        }
        int status = response.statusCode();
        boolean rateLimited = status == 429 || status == 403 && response.headers().firstValue("x-ratelimit-remaining").filter("0"::equals).isPresent();
        if (status >= 500 || rateLimited) {
            throw new IllegalStateException("GitHub API answered " + status + " for check-run annotations; will retry");
        }
        if (status != 200) {
            throw new Refused("GitHub API answered " + status + " for check-run annotations");
        }
        return response;
    }

    private static JsonNode read(byte[] body) {
        try {
            JsonNode tree = Json.mapper().readTree(body);
            if (tree == null || !tree.isArray()) {
                throw new Refused("GitHub API returned annotations that are not a JSON array");
            }
            return tree;
        } catch (IOException e) {
            throw new Refused("GitHub API returned unreadable annotations: " + e.getMessage());
        }
    }

    private static Optional<String> nextPage(HttpResponse<?> response) {
        return response.headers().firstValue("Link").map(NEXT_LINK::matcher).filter(Matcher::find).map(m -> m.group(1));
    }
}
