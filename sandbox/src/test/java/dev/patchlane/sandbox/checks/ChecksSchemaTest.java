package dev.patchlane.sandbox.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema documents the same format the reader enforces. */
class ChecksSchemaTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void acceptsTheDocumentedExample() throws Exception {
        assertEquals(List.of(), ChecksSchema.violations(json("""
                {'version': 1, 'checks': [
                  {'name': 'lint', 'run': ['sh', 'checks/lint.sh']},
                  {'name': 'test', 'shell': 'sh checks/test.sh | tail -5', 'timeout': '30s'}]}
                """)));
        assertEquals(List.of(), ChecksSchema.violations(json("{'version': 1, 'checks': []}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "{'checks': []}",
            "{'version': 1}",
            "{'version': 2, 'checks': []}",
            "{'version': '1', 'checks': []}",
            "{'version': 1, 'checks': [], 'steps': []}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['x'], 'timout': '1s'}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['x'], 'shell': 'x'}]}",
            "{'version': 1, 'checks': [{'name': 't'}]}",
            "{'version': 1, 'checks': [{'run': ['x']}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': 'sh x'}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': []}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['']}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': [4]}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['a\\u0000b']}]}",
            "{'version': 1, 'checks': [{'name': 't', 'shell': 'a\\u0000b'}]}",
            "{'version': 1, 'checks': [{'name': '../x', 'run': ['x']}]}",
            "{'version': 1, 'checks': [{'name': 'Lint', 'run': ['x']}]}",
            "{'version': 1, 'checks': [{'name': '', 'run': ['x']}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['x'], 'timeout': '0s'}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['x'], 'timeout': '-1s'}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['x'], 'timeout': 'abc'}]}",
            "{'version': 1, 'checks': [{'name': 't', 'run': ['x'], 'timeout': 30}]}",
            "{'version': 1, 'checks': ['lint']}"})
    void refusesWhatTheReaderRefuses(String document) throws Exception {
        assertFalse(ChecksSchema.violations(json(document)).isEmpty(), document);
    }

    @Test
    void refusesTheLimitsPlusOne() throws Exception {
        String longArg = "x".repeat(4097);
        assertFalse(ChecksSchema.violations(json("{'version': 1, 'checks': [{'name': 't', 'run': ['" + longArg + "']}]}"))
                .isEmpty());
        StringBuilder many = new StringBuilder("{'version': 1, 'checks': [");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ", ").append("{'name': 'c").append(i).append("', 'run': ['x']}");
        }
        assertFalse(ChecksSchema.violations(json(many.append("]}").toString())).isEmpty());
    }
}
