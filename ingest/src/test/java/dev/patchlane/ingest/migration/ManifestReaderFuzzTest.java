package dev.patchlane.ingest.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patchlane.contracts.MigrationManifest;

class ManifestReaderFuzzTest {

    private static final String[] TYPES = {null, "", "application/json", "application/yaml", "text/yaml", "text/plain",
            "application/x-yaml; charset=utf-8"};
    private static final ManifestReader[] READERS = {new ManifestReader(64 * 1024), new ManifestReader(256)};

    @FuzzTest(maxDuration = "30s")
    void fuzz(FuzzedDataProvider data) {
        String type = data.pickValue(TYPES);
        ManifestReader reader = data.pickValue(READERS);
        byte[] body = data.consumeRemainingAsBytes();
        MigrationManifest manifest;
        try {
            manifest = reader.read(type, body);
        } catch (ManifestReader.Refusal refusal) {
            assertTrue(refusal.status() == 400 || refusal.status() == 413, () -> "status " + refusal.status());
            assertNotNull(refusal.getMessage());
            return;
        }
        assertNotNull(manifest);
        assertFalse(manifest.name().isEmpty());
        assertFalse(manifest.repositories().isEmpty());
        assertNotNull(manifest.grouping().unit());
        new FileGlobs(manifest.include(), manifest.exclude());
    }
}
