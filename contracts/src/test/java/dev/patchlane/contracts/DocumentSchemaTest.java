package dev.patchlane.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentSchemaTest {

    private static final String TRIAGE = """
            {
              "type": "object",
              "required": ["severity", "summary", "files"],
              "additionalProperties": false,
              "properties": {
                "severity": {"enum": ["low", "medium", "high"]},
                "summary": {"type": "string", "minLength": 10},
                "files": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "needsDeepLane": {"type": "boolean"},
                "seenAt": {"type": "string", "format": "date-time"}
              }
            }""";

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static DocumentSchema compile(String schema) {
        return DocumentSchema.compile(json(schema));
    }

    private static String refused(String schema) {
        return assertThrows(IllegalArgumentException.class, () -> compile(schema)).getMessage();
    }

    @Test
    void aValidDocumentHasNoViolations() {
        DocumentSchema triage = compile(TRIAGE);
        assertEquals(List.of(), triage.violations(json("""
                {"severity": "high", "summary": "the parser crashes on empty input", "files": ["src/Parser.java"],
                 "needsDeepLane": true, "seenAt": "2026-11-27T10:15:30Z"}""")));
    }

    @Test
    void violationsNameTheFieldsTheyAreAbout() {
        List<String> violations = compile(TRIAGE).violations(json("""
                {"severity": "dire", "summary": "short", "files": [], "needsDeepLane": "yes", "extra": 1, "seenAt": "yesterday"}"""));
        assertEquals(violations.stream().sorted().toList(), violations);
        assertEquals(6, violations.size(), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.severity: ")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.summary: ") && v.contains("10")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.files: ")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.needsDeepLane: ") && v.contains("boolean")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.seenAt: ")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$: ") && v.contains("extra")), violations::toString);
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        List<String> violations = compile(TRIAGE).violations(json("{\"severity\": \"low\", \"files\": [\"a\"]}"));
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).startsWith("$: ") && violations.get(0).contains("summary"), violations::toString);
    }

    @Test
    void violationsAreCappedAtTwenty() {
        DocumentSchema numbers = compile("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 45; i++) {
            many.append(i == 0 ? "" : ",").append("\"x").append(i).append('"');
        }
        List<String> violations = numbers.violations(json(many.append(']').toString()));
        assertEquals(DocumentSchema.MAX_VIOLATIONS + 1, violations.size());
        assertEquals("… and 25 more", violations.get(DocumentSchema.MAX_VIOLATIONS));
        assertTrue(violations.subList(0, DocumentSchema.MAX_VIOLATIONS).stream().allMatch(v -> v.startsWith("$[")), violations::toString);
    }

    @Test
    void remoteReferencesAreRefusedWithoutAConnection() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/x";
            List<String> schemas = List.of(
                    "{\"$ref\": \"" + url + "\"}",
                    "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"" + url + "#/$defs/a\"}}}",
                    "{\"$ref\": \"#/$defs/a\", \"$defs\": {\"a\": {\"$ref\": \"" + url + "\"}}}",
                    "{\"$dynamicRef\": \"" + url + "#meta\"}",
                    "{\"$schema\": \"" + url + "\"}",
                    "{\"$id\": \"" + url + "\", \"$ref\": \"#/$defs/a\", \"$defs\": {\"a\": true}}",
                    "{\"$id\": \"http://127.0.0.1:" + server.getLocalPort() + "/\", \"$ref\": \"x\"}",
                    "{\"allOf\": [{\"$ref\": \"//127.0.0.1:" + server.getLocalPort() + "/x\"}]}");
            for (String schema : schemas) {
                String message = refused(schema);
                assertTrue(message.contains("127.0.0.1"), message);
            }
            server.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, server::accept, "something connected to the test server");
        }
    }

    @Test
    void theFactoryItselfLoadsNothing() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (String ref : List.of("http://127.0.0.1:" + server.getLocalPort() + "/x", "file:///etc/passwd", "classpath:schemas/job.schema.json")) {
                JsonNode schema = json("{\"$ref\": \"" + ref + "\"}");
                RuntimeException refusal = assertThrows(RuntimeException.class, () -> {
                    JsonSchema loaded = DocumentSchema.factory(SpecVersion.VersionFlag.V202012).getSchema(schema);
                    loaded.initializeValidators();
                    loaded.validate(json("1"));
                });
                assertTrue(String.valueOf(refusal.getMessage()).contains("not allowed to be loaded"), refusal::toString);
            }
            server.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, server::accept, "something connected to the test server");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "/etc/passwd", "../other.json#/$defs/a", "classpath:schemas/job.schema.json", "jar:file:/x.jar!/a", ""})
    void nonLocalReferencesAreRefused(String ref) {
        String message = refused("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"" + ref + "\"}}}");
        assertTrue(message.contains("$.properties.a.$ref") && message.contains("local"), message);
    }

    @Test
    void localReferencesWork() {
        DocumentSchema review = compile("""
                {
                  "type": "object",
                  "required": ["comments"],
                  "properties": {
                    "comments": {"type": "array", "items": {"$ref": "#/$defs/comment"}},
                    "verdict": {"$ref": "#verdict"},
                    "legacy": {"$ref": "#/definitions/legacy"}
                  },
                  "$defs": {
                    "comment": {"type": "object", "required": ["file", "line"],
                                "properties": {"file": {"type": "string"}, "line": {"type": "integer", "minimum": 1}}},
                    "verdictValues": {"$anchor": "verdict", "enum": ["approve", "reject"]}
                  },
                  "definitions": {"legacy": {"type": "boolean"}}
                }""");
        assertEquals(List.of(), review.violations(json("{\"comments\": [{\"file\": \"a.java\", \"line\": 3}], \"verdict\": \"approve\", \"legacy\": true}")));
        List<String> violations = review.violations(json("{\"comments\": [{\"file\": \"a.java\", \"line\": 0}], \"verdict\": \"maybe\", \"legacy\": 1}"));
        assertEquals(3, violations.size(), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.comments[0].line: ")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.verdict: ")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("$.legacy: ")), violations::toString);
    }

    @Test
    void recursiveLocalReferencesWork() {
        DocumentSchema tree = compile("""
                {"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "required": ["name"],
                  "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}}""");
        assertEquals(List.of(), tree.violations(json("{\"name\": \"a\", \"children\": [{\"name\": \"b\", \"children\": []}]}")));
        assertEquals(1, tree.violations(json("{\"name\": \"a\", \"children\": [{\"children\": []}]}")).size());
    }

    @Test
    void aReferenceCycleWithoutProgressIsRefused() {
        String message = refused("{\"$ref\": \"#/$defs/a\", \"$defs\": {\"a\": {\"$ref\": \"#/$defs/b\"}, \"b\": {\"allOf\": [{\"$ref\": \"#/$defs/a\"}]}}}");
        assertTrue(message.contains("output schema"), message);
    }

    @Test
    void booleanSchemasWork() {
        assertEquals(List.of(), DocumentSchema.compile(json("true")).violations(json("{\"anything\": [1, 2]}")));
        assertEquals(1, DocumentSchema.compile(json("false")).violations(json("null")).size());
        DocumentSchema noSecret = compile("{\"properties\": {\"secret\": false}}");
        assertEquals(List.of(), noSecret.violations(json("{\"open\": 1}")));
        List<String> violations = noSecret.violations(json("{\"secret\": 1}"));
        assertEquals(1, violations.size());
        assertTrue(violations.get(0).startsWith("$.secret: "), violations::toString);
    }

    @Test
    void aHugeSchemaIsRefused() {
        ObjectNode properties = Json.mapper().createObjectNode();
        for (int i = 0; i < 10_000; i++) {
            properties.putObject("property" + i).put("type", "string").put("description", "a field that is here to make the schema large");
        }
        ObjectNode huge = Json.mapper().createObjectNode().put("type", "object");
        huge.set("properties", properties);
        String message = assertThrows(IllegalArgumentException.class, () -> DocumentSchema.compile(huge)).getMessage();
        assertTrue(message.contains("bytes"), message);
    }

    @Test
    void aDeeplyNestedSchemaIsRefused() {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode current = root;
        for (int i = 0; i < 100; i++) {
            current = current.putObject("properties").putObject("a");
        }
        ObjectNode deep = root;
        String message = assertThrows(IllegalArgumentException.class, () -> DocumentSchema.compile(deep)).getMessage();
        assertTrue(message.contains("64"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a string\"", "[]", "42", "null"})
    void aSchemaMustBeAnObjectOrABoolean(String schema) {
        String message = assertThrows(IllegalArgumentException.class, () -> DocumentSchema.compile(json(schema))).getMessage();
        assertTrue(message.contains("object or a boolean"), message);
        assertThrows(IllegalArgumentException.class, () -> DocumentSchema.compile(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": \"strin\"}", "{\"minLength\": -1}", "{\"required\": \"summary\"}",
            "{\"properties\": {\"a\": 3}}", "{\"$defs\": {\"a\": {\"type\": 1}}}"})
    void anInvalidSchemaIsRefused(String schema) {
        String message = refused(schema);
        assertTrue(message.startsWith("the output schema is not a valid draft 2020-12 JSON Schema: $"), message);
    }

    @Test
    void aBadPatternIsRefused() {
        String message = refused("{\"type\": \"string\", \"pattern\": \"(unclosed\"}");
        assertTrue(message.contains("(unclosed"), message);
    }

    @Test
    void onlyBuiltInDialectsAreAccepted() {
        assertEquals(List.of(), compile("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\"}").violations(json("{}")));
        DocumentSchema draft7 = compile("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"definitions\": {\"n\": {\"type\": \"integer\"}}, \"$ref\": \"#/definitions/n\"}");
        assertEquals(List.of(), draft7.violations(json("3")));
        assertFalse(draft7.violations(json("\"3\"")).isEmpty());
        String message = refused("{\"$schema\": \"http://json-schema.org/draft-04/schema#\"}");
        assertTrue(message.contains("not a supported dialect"), message);
    }

    @Test
    void aCatastrophicPatternDoesNotStall() {
        DocumentSchema evil = compile("{\"type\": \"string\", \"pattern\": \"^(a+)+$\"}");
        List<String> violations = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> evil.violations(json("\"" + "a".repeat(64) + "!\"")));
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(List.of(), evil.violations(json("\"aaaa\"")));
    }

    @Test
    void theCompiledSchemaIsACopy() {
        ObjectNode schema = (ObjectNode) json("{\"type\": \"string\"}");
        DocumentSchema compiled = DocumentSchema.compile(schema);
        schema.put("type", "integer");
        assertEquals(List.of(), compiled.violations(json("\"text\"")));
        assertEquals("string", compiled.schema().get("type").asText());
    }

    @Test
    void parseReadsOneValue() {
        DocumentParse plain = DocumentSchema.parse("  {\"a\": [1, 2, {\"b\": null}]}\n");
        assertTrue(plain.ok(), plain.error());
        assertEquals(json("{\"a\": [1, 2, {\"b\": null}]}"), plain.document());
        assertNull(plain.error());
        assertEquals(json("42"), DocumentSchema.parse("42").document());
        assertEquals(json("\"text\""), DocumentSchema.parse("\"text\"").document());
    }

    @Test
    void parseAcceptsOneJsonFence() {
        assertEquals(json("{\"a\": 1}"), DocumentSchema.parse("```json\n{\"a\": 1}\n```").document());
        assertEquals(json("{\"a\": 1}"), DocumentSchema.parse("\n```JSON\n{\"a\": 1}```\n").document());
        assertEquals(json("[1]"), DocumentSchema.parse("```\n[1]\n```").document());
        assertEquals(json("{\"code\": \"```\"}"), DocumentSchema.parse("```json\n{\"code\": \"```\"}\n```").document());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json at all",
            "",
            "   \n ",
            "{\"a\": 1} {\"b\": 2}",
            "[1] [2]",
            "{\"a\": 1} and that is my answer",
            "Here it is: {\"a\": 1}",
            "{\"a\": 1, \"a\": 2}",
            "{\"outer\": {\"b\": 1, \"b\": 1}}",
            "```json\n{\"a\": 1}\n",
            "```diff\n{\"a\": 1}\n```",
            "```json\n{\"a\": 1}\n```\nsome prose",
            "```json\n{\"a\": 1}\n```\n```json\n{\"b\": 2}\n```",
            "Sure!\n```json\n{\"a\": 1}\n```",
            "```json {\"a\": 1}```",
            "{\"a\": NaN}",
            "{\"a\": 1"})
    void parseRefusesAnythingButOneValue(String reply) {
        DocumentParse parse = DocumentSchema.parse(reply);
        assertFalse(parse.ok(), () -> "accepted " + reply);
        assertNull(parse.document());
        assertFalse(parse.error().isBlank());
    }

    @Test
    void parseNamesDuplicateKeys() {
        DocumentParse parse = DocumentSchema.parse("{\"severity\": \"low\", \"severity\": \"high\"}");
        assertTrue(parse.error().contains("severity"), parse.error());
    }

    @Test
    void parseRefusesAReplyOverOneMebibyte() {
        String big = "{\"a\": \"" + "x".repeat(DocumentSchema.MAX_REPLY_BYTES) + "\"}";
        assertTrue(DocumentSchema.parse(big).error().contains("limit"));
        String multiByte = "\"" + "é".repeat(DocumentSchema.MAX_REPLY_BYTES / 2) + "\"";
        assertTrue(DocumentSchema.parse(multiByte).error().contains("limit"));
        String justUnder = "\"" + "x".repeat(DocumentSchema.MAX_REPLY_BYTES - 2) + "\"";
        assertTrue(DocumentSchema.parse(justUnder).ok());
        assertThrows(IllegalArgumentException.class, () -> new DocumentParse(null, null));
        assertFalse(DocumentSchema.parse(null).ok());
    }
}
