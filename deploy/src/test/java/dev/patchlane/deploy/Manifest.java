package dev.patchlane.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes resource read from a manifest file.
 *
 * @param source the file and the document's index in it, e.g. {@code topics.yaml#2}
 * @param resource the resource as JSON
 */
record Manifest(String source, JsonNode resource) {

    String kind() {
        return resource.path("kind").asText();
    }

    String name() {
        return resource.path("metadata").path("name").asText();
    }
}
