package dev.patchlane.sink.github;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.kohsuke.github.HttpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns hub4j's exceptions into {@link GitHubApiException}s that say what GitHub answered. */
final class GitHubFailures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALREADY_EXISTS = "A pull request already exists";

    private GitHubFailures() {
    }

    static GitHubApiException of(String operation, IOException failure) {
        // hub4j wraps a connector's own failure (no answer at all) as "HTTP -1", dropping its message
        if (failure instanceof HttpException http && http.getResponseCode() < 0 && http.getCause() instanceof IOException cause) {
            return new GitHubApiException(operation + " failed: " + cause.getMessage(), 0, failure);
        }
        if (failure instanceof HttpException http) {
            String message = operation + " failed: HTTP " + http.getResponseCode() + " " + describe(http.getMessage());
            return refused(http.getResponseCode())
                    ? new GitHubRefusedException(message, http.getResponseCode(), failure)
                    : new GitHubApiException(message, http.getResponseCode(), failure);
        }
        if (failure instanceof FileNotFoundException) {
            return new GitHubRefusedException(operation + " failed: HTTP 404 " + failure.getMessage(), 404, failure);
        }
        return new GitHubApiException(operation + " failed: " + failure, 0, failure);
    }

    // 408 and 429 are "later", not "no"; rate limits never reach here.
    private static boolean refused(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** GitHub's 422 for a second open pull request from the same head to the same base. */
    static boolean isPullRequestAlreadyExists(IOException failure) {
        return failure instanceof HttpException http && http.getResponseCode() == 422
                && errorMessages(http.getMessage()).stream().anyMatch(m -> m.startsWith(ALREADY_EXISTS));
    }

    private static String describe(String body) {
        JsonNode node = readJson(body);
        if (node == null || !node.hasNonNull("message")) {
            return body == null ? "" : body;
        }
        List<String> errors = errorMessages(body);
        return node.get("message").asText() + (errors.isEmpty() ? "" : ": " + String.join("; ", errors));
    }

    private static List<String> errorMessages(String body) {
        List<String> messages = new ArrayList<>();
        JsonNode node = readJson(body);
        if (node != null && node.path("errors").isArray()) {
            for (JsonNode error : node.get("errors")) {
                if (error.hasNonNull("message")) {
                    messages.add(error.get("message").asText());
                } else if (error.isObject()) {
                    messages.add(error.path("resource").asText() + "." + error.path("field").asText() + " "
                            + error.path("code").asText());
                } else {
                    messages.add(error.asText());
                }
            }
        }
        return messages;
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }
}
