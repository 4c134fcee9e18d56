package dev.patchlane.ingest.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads a delivery body in either of the content types a GitHub webhook can be set to. */
final class WebhookPayload {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";

    private WebhookPayload() {
    }

    static boolean supports(String contentType) {
        String type = mediaType(contentType);
        return type.equals(JSON) || type.equals(FORM);
    }

    /** The payload as a JSON object; throws {@link IllegalArgumentException} with a readable reason otherwise. */
    static JsonNode read(String contentType, byte[] body) {
        byte[] json = mediaType(contentType).equals(FORM) ? formPayload(body) : body;
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON payload: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable payload: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("the payload must be a JSON object");
        }
        return tree;
    }

    private static byte[] formPayload(byte[] body) {
        String form = new String(body, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals("payload")) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the payload= field is not URL-encoded: " + e.getMessage());
                }
            }
        }
        throw new IllegalArgumentException("a form-encoded delivery must carry a payload= field");
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
