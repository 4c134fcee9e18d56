package dev.patchlane.ingest.migration;

import static dev.patchlane.ingest.migration.Manifests.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestReaderContentTypeTest {

    // Valid YAML (a flow mapping) but not JSON, and it starts with '{' like JSON does.
    private static final String FLOW_YAML = "{name: n, instructions: do it, repositories: [{url: /srv/git/r}]}";

    private final ManifestReader reader = new ManifestReader(64 * 1024);

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "text/yaml", "application/x-yaml", "APPLICATION/YAML; charset=utf-8"})
    void yamlTypesAreReadAsYaml(String type) {
        assertEquals("do it", reader.read(type, bytes(FLOW_YAML)).instructions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON"})
    void jsonTypesAreReadAsJson(String type) {
        assertEquals("JUnit 4 to 5", reader.read(type, bytes(Manifests.JSON)).name());
        assertEquals(400, assertThrows(ManifestReader.Refusal.class, () -> reader.read(type, bytes(Manifests.YAML))).status());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"text/plain", "application/octet-stream"})
    void withoutATypeABraceMeansJsonAndAnythingElseYaml(String type) {
        assertEquals("JUnit 4 to 5", reader.read(type, bytes(Manifests.JSON)).name());
        assertEquals("JUnit 4 to 5", reader.read(type, bytes(Manifests.YAML)).name());
        assertEquals(400, assertThrows(ManifestReader.Refusal.class, () -> reader.read(type, bytes("  \n" + FLOW_YAML))).status());
    }
}
