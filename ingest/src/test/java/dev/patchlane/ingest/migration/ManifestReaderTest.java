package dev.patchlane.ingest.migration;

import static dev.patchlane.ingest.migration.Manifests.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.MigrationManifest;
import dev.patchlane.contracts.MigrationManifest.Granularity;
import dev.patchlane.contracts.MigrationManifest.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static final MigrationManifest EXPECTED = new MigrationManifest(null, "JUnit 4 to 5",
            "Replace JUnit 4 annotations and assertions with their JUnit 5 equivalents.", null,
            List.of(new Target("https://github.com/octo-org/widgets.git", "main"), new Target("/srv/git/gadgets", null)),
            List.of("**/*Test.java"), List.of("**/generated/**"), new Granularity(Granularity.Unit.FILES, 5), Lane.DEEP, 25, null);

    private final ManifestReader reader = new ManifestReader(64 * 1024);

    @Test
    void readsJson() {
        assertEquals(EXPECTED, reader.read("application/json", bytes(Manifests.JSON)));
    }

    @Test
    void readsYaml() {
        assertEquals(EXPECTED, reader.read("application/yaml", bytes(Manifests.YAML)));
    }

    @Test
    void minimalManifestGetsTheDefaults() {
        MigrationManifest manifest = reader.read("application/yaml", bytes(Manifests.MINIMAL_YAML));
        assertEquals(JobKind.MIGRATION, manifest.jobKind());
        assertEquals(List.of(), manifest.include());
        assertEquals(new Granularity(Granularity.Unit.FILE, null), manifest.grouping());
        assertEquals(MigrationManifest.DEFAULT_MAX_IN_FLIGHT, manifest.inFlightLimit());
        assertEquals("HEAD", manifest.repositories().get(0).refOrHead());
    }

    @Test
    void bodyOfExactlyTheLimitIsRead() {
        String json = Manifests.jsonWith("\"kind\":\"LINT_FIX\"");
        byte[] padded = bytes(json + " ".repeat(200 - json.length()));
        assertEquals(JobKind.LINT_FIX, new ManifestReader(200).read("application/json", padded).jobKind());
    }
}
