package dev.patchlane.ingest.migration;

import static dev.patchlane.ingest.migration.Manifests.bytes;
import static dev.patchlane.ingest.migration.Manifests.jsonWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestReaderRefusalTest {

    private final ManifestReader reader = new ManifestReader(1024);

    private ManifestReader.Refusal refusal(String type, String body) {
        return assertThrows(ManifestReader.Refusal.class, () -> reader.read(type, bytes(body)));
    }

    @Test
    void oversizedBodyIs413() {
        byte[] big = new byte[1025];
        Arrays.fill(big, (byte) ' ');
        ManifestReader.Refusal refusal = assertThrows(ManifestReader.Refusal.class, () -> reader.read("application/json", big));
        assertEquals(413, refusal.status());
        assertTrue(refusal.getMessage().contains("1024"), refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/yaml"})
    void emptyBodyIs400(String type) {
        assertEquals(400, refusal(type, "").status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|{\"name\": ",
            "application/json|{\"name\": \"n\",}",
            "application/json|not json at all",
            "application/yaml|name: [unclosed",
            "application/yaml|name: \"unterminated",
            "application/yaml|a: b\\n c: d\\n- e",
            "application/yaml|\\t- tab indented"})
    void malformedBodyIs400(String type, String body) {
        ManifestReader.Refusal refusal = refusal(type, body.replace("\\n", "\n").replace("\\t", "\t"));
        assertEquals(400, refusal.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "   "})
    void nonObjectIs400(String body) {
        assertEquals(400, refusal("application/json", body).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"instructions\":\"i\",\"repositories\":[{\"url\":\"/r\"}]}|name",
            "{\"name\":\"n\",\"repositories\":[{\"url\":\"/r\"}]}|instructions",
            "{\"name\":\"n\",\"instructions\":\"i\",\"repositories\":[]}|repositories",
            "{\"name\":\"n\",\"instructions\":\"i\",\"repositories\":[{\"ref\":\"main\"}]}|url",
            "{\"name\":\"\",\"instructions\":\"i\",\"repositories\":[{\"url\":\"/r\"}]}|name"})
    void missingOrEmptyFieldIsNamed(String body, String field) {
        assertViolationNames(refusal("application/json", body), field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"colour\": \"blue\"|colour",
            "\"granularity\": {\"unit\": \"files\"}|granularity.unit",
            "\"granularity\": {\"unit\": \"FILES\", \"size\": 0}|granularity.size",
            "\"granularity\": {\"unit\": \"FILES\", \"size\": 201}|granularity.size",
            "\"maxInFlight\": 0|maxInFlight",
            "\"maxInFlight\": \"10\"|maxInFlight",
            "\"laneHint\": \"fast\"|laneHint",
            "\"kind\": \"DEPLOY\"|kind",
            "\"include\": [\"\"]|include",
            "\"exclude\": [\"a\\\\b\"]|exclude",
            "\"id\": \"../x\"|id"})
    void invalidFieldIsNamed(String member, String field) {
        assertViolationNames(refusal("application/json", jsonWith(member)), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "a/{b,{c}}", "a/[z-a].java"})
    void invalidGlobIs400(String glob) {
        ManifestReader.Refusal refusal = refusal("application/json", jsonWith("\"include\": [\"" + glob + "\"]"));
        assertEquals(400, refusal.status());
        assertTrue(refusal.violations().stream().anyMatch(v -> v.contains("include")), refusal.violations()::toString);
    }

    @Test
    void aJsonKeyGivenTwiceIs400LikeInYaml() {
        ManifestReader.Refusal refusal = refusal("application/json",
                "{\"name\":\"a\",\"name\":\"b\",\"instructions\":\"i\",\"repositories\":[{\"url\":\"/r\"}]}");
        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().contains("name"), refusal.getMessage());
    }

    private static void assertViolationNames(ManifestReader.Refusal refusal, String field) {
        assertEquals(400, refusal.status());
        List<String> violations = refusal.violations();
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$." + field) || v.contains("'" + field + "'")),
                () -> field + " not named in " + violations);
    }
}
