package dev.patchlane.ingest.migration;

import static dev.patchlane.ingest.migration.Manifests.bytes;
import static dev.patchlane.ingest.migration.Manifests.jsonWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.MigrationManifest;
import dev.patchlane.contracts.MigrationManifest.ProgressIssue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest's {@code progressIssue}: read when well formed, refused with the field named when not. */
class ManifestProgressIssueTest {

    private final ManifestReader reader = new ManifestReader(64 * 1024);

    @Test
    void perRepositoryNeedsNoRepository() {
        MigrationManifest manifest = reader.read("application/yaml",
                bytes(Manifests.MINIMAL_YAML + "progressIssue:\n  mode: per-repository\n"));
        assertEquals(new ProgressIssue(ProgressIssue.Mode.PER_REPOSITORY, null), manifest.progressIssue());
    }

    @Test
    void perMigrationNamesItsGitHubRepository() {
        MigrationManifest manifest = reader.read("application/json",
                bytes(jsonWith("\"progressIssue\": {\"mode\": \"per-migration\", \"repository\": \"octo-org/platform.config\"}")));
        assertEquals(new ProgressIssue(ProgressIssue.Mode.PER_MIGRATION, "octo-org/platform.config"), manifest.progressIssue());
    }

    @Test
    void aManifestWithoutOneHasNone() {
        assertNull(reader.read("application/yaml", bytes(Manifests.MINIMAL_YAML)).progressIssue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"mode\": \"PER_REPOSITORY\"}",
            "{\"mode\": \"per-org\"}",
            "{\"mode\": 1}",
            "{}",
            "\"per-repository\"",
            "[\"per-repository\"]",
            "{\"mode\": \"per-migration\"}",
            "{\"mode\": \"per-repository\", \"repository\": \"acme/app\"}",
            "{\"mode\": \"per-repository\", \"title\": \"<img src=x onerror=alert(1)>\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"https://gitlab.example.com/acme/app\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"git@github.com:acme/app.git\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"/srv/git/app\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"acme/..\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"../etc/passwd\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"acme/app/issues\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"-acme/app\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"acme--/app\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"acme/app\\n@everyone\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"acme/[x](https://evil.example)\"}",
            "{\"mode\": \"per-migration\", \"repository\": \"a/b\", \"repository2\": \"c/d\"}"})
    void aMalformedOrHostileProgressIssueIsRefusedNamingTheField(String value) {
        ManifestReader.Refusal refusal = assertThrows(ManifestReader.Refusal.class,
                () -> reader.read("application/json", bytes(jsonWith("\"progressIssue\": " + value))));
        assertEquals(400, refusal.status());
        List<String> violations = refusal.violations();
        assertTrue(violations.stream().anyMatch(v -> v.contains("progressIssue")), () -> "progressIssue not named in " + violations);
    }

    @Test
    void anOversizedRepositoryNameIsRefused() {
        String repository = "acme/" + "a".repeat(101);
        ManifestReader.Refusal refusal = assertThrows(ManifestReader.Refusal.class, () -> reader.read("application/json",
                bytes(jsonWith("\"progressIssue\": {\"mode\": \"per-migration\", \"repository\": \"" + repository + "\"}"))));
        assertTrue(refusal.violations().stream().anyMatch(v -> v.contains("progressIssue.repository")), refusal.violations()::toString);
    }

    @Test
    void theLongestNamesGitHubAllowsAreAccepted() {
        String repository = "a" + "-b".repeat(19) + "/" + "n".repeat(100);
        MigrationManifest manifest = reader.read("application/json",
                bytes(jsonWith("\"progressIssue\": {\"mode\": \"per-migration\", \"repository\": \"" + repository + "\"}")));
        assertEquals(repository, manifest.progressIssue().repository());
    }
}
