package dev.patchlane.contracts;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of reading a structured-output reply: exactly one of the two is set.
 *
 * @param document the one JSON value the reply holds, or null when it could not be read
 * @param error why the reply is not a single JSON value, or null when it is
 */
public record DocumentParse(JsonNode document, String error) {

    public DocumentParse {
        if ((document == null) == (error == null)) {
            throw new IllegalArgumentException("a document parse has either a document or an error");
        }
    }

    public static DocumentParse of(JsonNode document) {
        return new DocumentParse(document, null);
    }

    public static DocumentParse failed(String error) {
        return new DocumentParse(null, error);
    }

    public boolean ok() {
        return document != null;
    }
}
