package dev.patchlane.app.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.patchlane.contracts.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of the service.
 *
 * @param status the HTTP status
 * @param body the body as text, JSON for every answer the service gives
 */
public record Reply(int status, String body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as a JSON tree, or a missing node when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode tree = Json.mapper().readTree(body);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    public <T> T as(Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    public <T> T as(TypeReference<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    /** The service's {@code error} field, or the body itself when there is none. */
    public String error() {
        JsonNode error = json().path("error");
        return error.isTextual() ? error.asText() : body.strip();
    }

    /** The service's {@code violations} field: one offending field each; empty when there is none. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        json().path("violations").forEach(v -> violations.add(v.asText()));
        return violations;
    }

    private UnexpectedAnswer unreadable(JsonProcessingException e) {
        return new UnexpectedAnswer("unreadable answer (HTTP " + status + ") from the service: " + e.getOriginalMessage());
    }
}
