package dev.patchlane.ingest.migration;

import static dev.patchlane.ingest.migration.Manifests.MINIMAL_YAML;
import static dev.patchlane.ingest.migration.Manifests.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestReaderHostileYamlTest {

    private final ManifestReader reader = new ManifestReader(256 * 1024);

    static String billionLaughs(String indent) {
        StringBuilder yaml = new StringBuilder(indent + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char previous = (char) (c - 1);
            yaml.append(indent).append(c).append(": &").append(c).append(" [").append(("*" + previous + ",").repeat(8)).append('*')
                    .append(previous).append("]\n");
        }
        return yaml.toString();
    }

    static String nested(int depth) {
        return "{a: ".repeat(depth) + "1" + "}".repeat(depth);
    }

    private void refused(String yaml) {
        ManifestReader.Refusal refusal = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(ManifestReader.Refusal.class, () -> reader.read("application/yaml", bytes(yaml))));
        assertEquals(400, refusal.status());
    }

    @Test
    void billionLaughsIsRefused() {
        refused(billionLaughs(""));
    }

    @Test
    void billionLaughsInsideAnAcceptedFieldIsRefused() {
        refused(MINIMAL_YAML + "outputSchema:\n" + billionLaughs("  "));
    }

    @Test
    void aliasesDoNotTurnIntoTheirAnchorNames() {
        // An alias must mean its anchor's value, or be refused; "instructions: *n" must never read as "n".
        String yaml = "name: &n Widgets\ninstructions: *n\nrepositories:\n  - url: /srv/git/r\n";
        try {
            assertEquals("Widgets", reader.read("application/yaml", bytes(yaml)).instructions());
        } catch (ManifestReader.Refusal refusal) {
            assertEquals(400, refusal.status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"outputSchema: &s {self: *s}\n", "outputSchema:\n  a: &a [x, *a]\n", "include: &i [\"*.java\", *i]\n"})
    void recursiveAliasIsRefused(String member) {
        // Found by ManifestReaderFuzzTest (crash-5679684e...): a collection that contains itself.
        refused(MINIMAL_YAML + member);
    }

    @Test
    void deeplyNestedDocumentIsRefused() {
        refused(nested(100));
    }

    @Test
    void deeplyNestedValueOfAnAcceptedFieldIsRefused() {
        refused(MINIMAL_YAML + "outputSchema: " + nested(100) + "\n");
    }

    @Test
    void nestingBeyondTheParserLimitIsRefused() {
        refused(MINIMAL_YAML + "outputSchema: " + "[".repeat(20_000) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name: other\n", "instructions: again\n", "repositories: []\n"})
    void duplicateKeysAreRefused(String duplicate) {
        refused(MINIMAL_YAML + duplicate);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/x\"]]]]\n",
            "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/x\"]]]]\n"
                    + "instructions: i\nrepositories:\n  - url: /srv/git/r\n",
            "repositories: !!java.util.ArrayList [!!java.lang.ProcessBuilder [[\"touch\", \"/tmp/pwned\"]]]\nname: n\ninstructions: i\n"})
    void javaTypeTagsAreNotConstructed(String yaml) {
        refused(yaml);
    }
}
