package dev.patchlane.decoding.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An error as a server described it. OpenAI sends {@code {"error": {"message", "type", "param", "code"}}}; the Responses
 * API's {@code error} event and {@code response.error} carry {@code code} and {@code message} at the top; some servers
 * send {@code {"error": "text"}} or vLLM's {@code {"object": "error", "message", "type", "code": 400}}.
 *
 * @param code the error code, e.g. {@code insufficient_quota}, or null
 * @param type the error type, e.g. {@code invalid_request_error}, or null
 * @param message the human-readable message, possibly empty
 */
record ProviderError(String code, String type, String message) {

    static final ProviderError NONE = new ProviderError(null, null, "");

    static ProviderError fromBody(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        try {
            return from(Json.mapper().readTree(body));
        } catch (IOException e) {
            return new ProviderError(null, null, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Reads either an envelope holding {@code error} or an error object itself. */
    static ProviderError from(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NONE;
        }
        JsonNode inner = node.get("error");
        if (inner != null && inner.isTextual()) {
            return new ProviderError(null, null, inner.asText());
        }
        JsonNode error = inner != null && inner.isObject() ? inner : node;
        return new ProviderError(text(error.get("code")), text(error.get("type")), text(error.get("message")));
    }

    boolean is(String value) {
        return value.equals(lower(code)) || value.equals(lower(type));
    }

    boolean saysContextTooLong() {
        return is("context_length_exceeded") || lower(message).contains("maximum context length");
    }

    boolean saysQuota() {
        return is("insufficient_quota") || is("billing_hard_limit_reached") || is("billing_not_active");
    }

    /** A numeric {@code code}, which vLLM uses for the HTTP status, or 0. */
    int numericCode() {
        return code != null && code.matches("\\d{3}") ? Integer.parseInt(code) : 0;
    }

    String describe(SafeText safe) {
        String label = code != null ? code : type;
        String text = safe.of(message);
        return label == null ? text : safe.of(label) + (text.isEmpty() ? "" : ": " + text);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
