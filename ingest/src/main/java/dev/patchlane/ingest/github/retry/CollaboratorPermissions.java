package dev.patchlane.ingest.github.retry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import dev.patchlane.ingest.github.GithubWebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** GitHub's "Get repository permissions for a user": a login's permission on a repository, {@code none} for a stranger. */
final class CollaboratorPermissions {

    private final GithubWebhookConfig config;
    private final HttpClient http;

    CollaboratorPermissions(GithubWebhookConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.apiTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Throws {@link IllegalStateException} when GitHub cannot say now (unreachable, 5xx, rate limited, refused). */
    String of(String repository, String login) {
        String api = config.apiUrl().toString().replaceAll("/+$", "");
        URI uri = URI.create(api + "/repos/" + repository + "/collaborators/" + URLEncoder.encode(login, StandardCharsets.UTF_8) + "/permission");
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
        // GitHub answers 404 for a login that is not a collaborator (and for a user that does not exist).
        if (response.statusCode() == 404) {
            return "none";
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GitHub API answered " + response.statusCode() + " for " + login + "'s permission on " + repository);
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GitHub API returned an unreadable permission: " + e.getMessage());
        }
        if (body == null || !body.path("permission").isTextual()) {
            throw new IllegalStateException("GitHub API returned no permission for " + login + " on " + repository);
        }
        return body.path("permission").asText();
    }
}
