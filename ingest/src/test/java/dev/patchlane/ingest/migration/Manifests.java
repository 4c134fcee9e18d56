package dev.patchlane.ingest.migration;

import java.nio.charset.StandardCharsets;

/** Manifest bodies shared by the reader tests. */
final class Manifests {

    static final String JSON = """
            {
              "name": "JUnit 4 to 5",
              "instructions": "Replace JUnit 4 annotations and assertions with their JUnit 5 equivalents.",
              "repositories": [
                {"url": "https://github.com/octo-org/widgets.git", "ref": "main"},
                {"url": "/srv/git/gadgets"}
              ],
              "include": ["**/*Test.java"],
              "exclude": ["**/generated/**"],
              "granularity": {"unit": "FILES", "size": 5},
              "laneHint": "DEEP",
              "maxInFlight": 25
            }
            """;

    static final String YAML = """
            # the same manifest as JSON
            name: JUnit 4 to 5
            instructions: >-
              Replace JUnit 4 annotations and assertions
              with their JUnit 5 equivalents.
            repositories:
              - url: https://github.com/octo-org/widgets.git
                ref: main
              - url: /srv/git/gadgets
            include:
              - "**/*Test.java"
            exclude: ["**/generated/**"]
            granularity:
              unit: FILES
              size: 5
            laneHint: DEEP
            maxInFlight: 25
            """;

    static final String MINIMAL_YAML = "name: n\ninstructions: do it\nrepositories:\n  - url: /srv/git/r\n";

    private Manifests() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A valid JSON manifest with one more top-level member, given as {@code "key": value}. */
    static String jsonWith(String member) {
        return "{\"name\":\"n\",\"instructions\":\"i\",\"repositories\":[{\"url\":\"/srv/git/r\"}]," + member + "}";
    }
}
