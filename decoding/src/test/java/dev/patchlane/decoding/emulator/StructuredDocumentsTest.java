package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.DocumentSchema;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructuredDocumentsTest {

    private static final String PARSER = """
            package demo;

            final class Parser {
                Node parse(String input) {
                    return input.isEmpty() ? null : new Node(input);
                }
            }
            """;
    private static final String PARSER_TEST = "package demo;\n\nclass ParserTest {\n}\n";

    /** A crash report on two existing files and one that does not exist yet. */
    private static final Task CRASH = new Task(JobIds.fromIdempotencyKey("crash-1"), JobKind.ISSUE,
            "Fix the crash in the parser when the input is empty\nIt throws a NullPointerException on blank lines.",
            List.of(new PromptFile("src/main/java/demo/Parser.java", PARSER),
                    new PromptFile("src/test/java/demo/ParserTest.java", PARSER_TEST),
                    new PromptFile("docs/parser.md", null)),
            null);

    /** A typo fix whose file never mentions the instructions' words. */
    private static final Task TYPO = new Task(JobIds.fromIdempotencyKey("typo-1"), JobKind.LINT_FIX,
            "fix the typo in the readme", List.of(new PromptFile("README.md", "Teh quick brown fox\n")), null);

    private static final Task MIGRATION = new Task(JobIds.fromIdempotencyKey("migrate-1"), JobKind.MIGRATION,
            "Migrate the tests from JUnit 4 to JUnit 5\nrewrite: org.junit.Test -> org.junit.jupiter.api.Test",
            List.of(new PromptFile("src/test/java/demo/ParserTest.java", PARSER_TEST),
                    new PromptFile("src/test/java/demo/NodeTest.java", "class NodeTest {}")),
            null);

    private static final String TRIAGE = """
            {
              "type": "object",
              "required": ["severity", "summary", "files", "needsDeepLane"],
              "additionalProperties": false,
              "properties": {
                "severity": {"enum": ["low", "medium", "high", "critical"]},
                "summary": {"type": "string", "minLength": 10},
                "files": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "needsDeepLane": {"type": "boolean"},
                "owner": {"type": "string"}
              }
            }""";

    private static final String REVIEW = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "required": ["verdict", "comments", "stats"],
              "properties": {
                "verdict": {"$ref": "#/$defs/verdict"},
                "comments": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/comment"}},
                "stats": {"$ref": "#/$defs/stats"}
              },
              "$defs": {
                "verdict": {"enum": ["approve", "request-changes", "comment"]},
                "severity": {"type": "string", "enum": ["info", "warning", "error"]},
                "comment": {
                  "type": "object",
                  "required": ["file", "line", "body", "severity"],
                  "additionalProperties": false,
                  "properties": {
                    "file": {"type": "string", "minLength": 1},
                    "line": {"type": "integer", "minimum": 1},
                    "endLine": {"type": "integer", "minimum": 1},
                    "body": {"type": "string", "maxLength": 60},
                    "severity": {"$ref": "#/$defs/severity"}
                  }
                },
                "stats": {
                  "type": "object",
                  "required": ["lines", "reviewer"],
                  "properties": {"lines": {"type": "integer", "minimum": 0}, "files": {"type": "integer"}, "reviewer": {"type": "string"}}
                }
              }
            }""";

    private static final String PLAN = """
            {
              "type": "object",
              "required": ["title", "steps", "risk"],
              "additionalProperties": false,
              "properties": {
                "title": {"type": "string", "maxLength": 60},
                "steps": {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "type": "object",
                    "required": ["path", "action"],
                    "properties": {
                      "path": {"type": "string", "pattern": "\\\\.java$"},
                      "action": {"type": "string", "minLength": 5}
                    }
                  }
                },
                "risk": {"type": "string", "enum": ["low", "medium", "high"]},
                "labels": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
                "lineCount": {"type": "integer"}
              }
            }""";

    private static final String RISK_REPORT = """
            {
              "type": "object",
              "required": ["id", "kind", "risk", "score", "percent", "factors", "reviewedAt", "owner", "version", "contact", "link", "day"],
              "additionalProperties": false,
              "properties": {
                "id": {"type": "string", "format": "uuid"},
                "kind": {"const": "risk-report"},
                "risk": {"anyOf": [{"type": "string", "enum": ["low", "medium", "high"]}, {"type": "null"}]},
                "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "multipleOf": 0.05},
                "percent": {"type": "integer", "minimum": 10, "exclusiveMaximum": 100, "multipleOf": 5},
                "factors": {
                  "type": "array",
                  "maxItems": 2,
                  "items": {
                    "type": "object",
                    "required": ["file", "lines", "mentioned"],
                    "additionalProperties": false,
                    "properties": {
                      "file": {"type": "string"},
                      "lines": {"type": ["integer", "null"], "minimum": 0},
                      "mentioned": {"type": "boolean"}
                    }
                  }
                },
                "reviewedAt": {"type": "string", "format": "date-time"},
                "owner": {"type": ["null", "string"], "minLength": 3, "maxLength": 12},
                "version": {"type": "integer", "minimum": 3},
                "contact": {"type": "string", "format": "email"},
                "link": {"type": "string", "format": "uri"},
                "day": {"type": "string", "format": "date"}
              }
            }""";

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Generates a document and checks it against the schema with the pipeline's own validator. */
    private static JsonNode valid(String schema, Task task) {
        JsonNode document = StructuredDocuments.generate(json(schema), task);
        List<String> violations = DocumentSchema.compile(json(schema)).violations(document);
        assertEquals(List.of(), violations, () -> "document " + document);
        return document;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<String> paths(Task task) {
        return task.files().stream().map(PromptFile::path).toList();
    }

    @Test
    void aTriageFollowsTheSchemaAndTheTask() {
        JsonNode crash = valid(TRIAGE, CRASH);
        assertEquals(paths(CRASH), texts(crash.get("files")));
        assertEquals("high", crash.get("severity").asText());
        assertTrue(crash.get("summary").asText().contains("Fix the crash in the parser when the input is empty"), crash::toString);
        assertTrue(crash.get("summary").asText().startsWith("Emulated issue"), crash::toString);
        assertTrue(crash.get("needsDeepLane").asBoolean(), "Parser.java mentions the parser and its input");
        assertFalse(crash.has("owner"), "an optional property the task says nothing about is left out");

        JsonNode typo = valid(TRIAGE, TYPO);
        assertEquals(List.of("README.md"), texts(typo.get("files")));
        assertEquals("low", typo.get("severity").asText());
        assertTrue(typo.get("summary").asText().contains("fix the typo in the readme"), typo::toString);
        assertFalse(typo.get("needsDeepLane").asBoolean(), "README.md does not mention the instructions' words");
    }

    @Test
    void aReviewResolvesDefsAndFillsOneCommentPerFile() {
        JsonNode review = valid(REVIEW, CRASH);
        JsonNode comments = review.get("comments");
        assertEquals(3, comments.size(), review::toString);
        for (int i = 0; i < comments.size(); i++) {
            JsonNode comment = comments.get(i);
            assertEquals(CRASH.files().get(i).path(), comment.get("file").asText());
            assertEquals(1, comment.get("line").asInt());
            assertEquals("error", comment.get("severity").asText(), "a crash is serious");
            assertTrue(comment.get("body").asText().length() <= 60);
        }
        assertEquals(7, comments.get(0).get("endLine").asInt(), "Parser.java has seven lines");
        assertEquals(1, comments.get(2).get("endLine").asInt(), "a missing file still gets a valid line number");
        assertEquals(7 + 4, review.get("stats").get("lines").asInt(), "the target files' line counts");
        assertEquals(3, review.get("stats").get("files").asInt());
        assertTrue(review.get("stats").get("reviewer").asText().contains(CRASH.jobId().substring(0, 8)), review::toString);
    }

    @Test
    void aMigrationPlanHasOneStepPerTargetFile() {
        JsonNode plan = valid(PLAN, MIGRATION);
        JsonNode steps = plan.get("steps");
        assertEquals(2, steps.size());
        for (int i = 0; i < steps.size(); i++) {
            String path = MIGRATION.files().get(i).path();
            assertEquals(path, steps.get(i).get("path").asText());
            assertEquals("Update " + path + ": Migrate the tests from JUnit 4 to JUnit 5", steps.get(i).get("action").asText());
        }
        assertTrue(plan.get("title").asText().length() <= 60);
        assertTrue(plan.get("title").asText().startsWith("Emulated migration: Migrate the tests"), plan::toString);
        assertEquals(List.of("migration"), texts(plan.get("labels")), "labels come from the kind");
        assertEquals(4 + 1, plan.get("lineCount").asInt());
    }

    @Test
    void stepsAsStringsAreSentences() {
        String schema = """
                {"type": "object", "required": ["plan"], "properties": {"plan": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}""";
        JsonNode plan = valid(schema, MIGRATION);
        assertEquals(List.of("Update src/test/java/demo/ParserTest.java: Migrate the tests from JUnit 4 to JUnit 5",
                "Update src/test/java/demo/NodeTest.java: Migrate the tests from JUnit 4 to JUnit 5"), texts(plan.get("plan")));
    }

    @Test
    void aRiskReportHandlesAnyOfBoundsConstTypeArraysAndFormats() {
        JsonNode report = valid(RISK_REPORT, CRASH);
        assertEquals(CRASH.jobId(), report.get("id").asText());
        assertEquals("risk-report", report.get("kind").asText());
        assertEquals("high", report.get("risk").asText());
        double score = report.get("score").asDouble();
        assertTrue(score > 0 && score <= 1, report::toString);
        int percent = report.get("percent").asInt();
        assertTrue(percent >= 10 && percent < 100 && percent % 5 == 0, report::toString);
        assertEquals(3, report.get("version").asInt());
        JsonNode factors = report.get("factors");
        assertEquals(2, factors.size(), "maxItems caps the per-file list");
        assertEquals(CRASH.files().get(0).path(), factors.get(0).get("file").asText());
        assertEquals(7, factors.get(0).get("lines").asInt());
        assertEquals(4, factors.get(1).get("lines").asInt());
        assertTrue(factors.get(0).get("mentioned").asBoolean());
        assertFalse(factors.get(1).get("mentioned").asBoolean(), "ParserTest.java mentions none of the words");
        String owner = report.get("owner").asText();
        assertTrue(owner.length() >= 3 && owner.length() <= 12, report::toString);

        JsonNode typo = valid(RISK_REPORT, TYPO);
        assertEquals("low", typo.get("risk").asText());
        assertEquals(1, typo.get("factors").size());
    }

    @Test
    void allOfPartsAreMerged() {
        String schema = """
                {"allOf": [
                  {"type": "object", "required": ["summary"], "properties": {"summary": {"type": "string", "maxLength": 200}}},
                  {"required": ["targets", "size"], "properties": {"targets": {"type": "array", "items": {"type": "string"}},
                   "size": {"type": "integer", "maximum": 5}, "summary": {"minLength": 20}}}
                ]}""";
        JsonNode document = valid(schema, CRASH);
        assertEquals(paths(CRASH), texts(document.get("targets")));
        assertEquals(5, document.get("size").asInt(), "eleven lines, held to the maximum");
        assertTrue(document.get("summary").asText().length() >= 20);
    }

    @Test
    void oneOfTakesTheFirstAlternativeThatFits() {
        String schema = """
                {"type": "object", "required": ["result"], "properties": {"result": {"oneOf": [
                  {"type": "array", "items": {"type": "string"}},
                  {"type": "object", "required": ["file"], "properties": {"file": {"type": "string"}}}
                ], "type": "object"}}}""";
        JsonNode document = valid(schema, TYPO);
        assertEquals("README.md", document.get("result").get("file").asText());
    }

    @Test
    void enumsFollowTheJobsFacts() {
        String schema = """
                {"type": "object", "required": ["category", "language", "lane"], "properties": {
                  "category": {"enum": ["feature", "lint-fix", "migration"]},
                  "language": {"enum": ["python", "java", "markdown"]},
                  "lane": {"enum": ["fast", "deep"]}}}""";
        JsonNode typo = valid(schema, TYPO);
        assertEquals("lint-fix", typo.get("category").asText());
        assertEquals("markdown", typo.get("language").asText());
        assertEquals("fast", typo.get("lane").asText(), "nothing points elsewhere: the first value");
        JsonNode crash = valid(schema, CRASH);
        assertEquals("java", crash.get("language").asText());
        assertEquals("feature", crash.get("category").asText());
    }

    @Test
    void aPatternIsMetByACandidateFromTheTask() {
        String schema = """
                {"type": "object", "required": ["ticket", "module", "code"], "properties": {
                  "ticket": {"type": "string", "pattern": "^[0-9a-f]{8}-"},
                  "module": {"type": "string", "pattern": "^src/test/"},
                  "code": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"}}}""";
        JsonNode document = StructuredDocuments.generate(json(schema), CRASH);
        assertEquals(CRASH.jobId(), document.get("ticket").asText());
        assertEquals("src/test/java/demo/ParserTest.java", document.get("module").asText());
        List<String> violations = DocumentSchema.compile(json(schema)).violations(document);
        assertEquals(1, violations.size(), "no candidate fits the code pattern; validation catches it");
        assertTrue(violations.get(0).startsWith("$.code: "), violations::toString);
    }

    @Test
    void aPerFileItemKeepsItsOwnPathEvenAgainstAPattern() {
        JsonNode plan = StructuredDocuments.generate(json(PLAN), CRASH);
        assertEquals(paths(CRASH), plan.get("steps").findValuesAsText("path"));
        List<String> violations = DocumentSchema.compile(json(PLAN)).violations(plan);
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).startsWith("$.steps[2].path: "), violations::toString);
    }

    @Test
    void theSameTaskGivesTheSameDocumentAndDifferentTasksDifferentOnes() {
        for (String schema : List.of(TRIAGE, REVIEW, PLAN, RISK_REPORT)) {
            assertEquals(StructuredDocuments.generate(json(schema), CRASH), StructuredDocuments.generate(json(schema), CRASH));
            assertEquals(StructuredDocuments.reply(json(schema), MIGRATION), StructuredDocuments.reply(json(schema), MIGRATION));
            assertNotEquals(StructuredDocuments.generate(json(schema), CRASH), StructuredDocuments.generate(json(schema), TYPO));
            assertNotEquals(StructuredDocuments.generate(json(schema), CRASH), StructuredDocuments.generate(json(schema), MIGRATION));
        }
        Task sameFilesOtherJob = new Task(JobIds.fromIdempotencyKey("crash-2"), CRASH.kind(), CRASH.instructions(), CRASH.files(), null);
        String generic = "{\"type\": \"object\", \"required\": [\"rootCause\"], \"properties\": {\"rootCause\": {\"type\": \"string\"}}}";
        assertNotEquals(StructuredDocuments.reply(json(generic), CRASH), StructuredDocuments.reply(json(generic), sameFilesOtherJob));
        assertEquals("emulated root cause for job " + CRASH.jobId().substring(0, 8),
                StructuredDocuments.generate(json(generic), CRASH).get("rootCause").asText());
    }

    @Test
    void theReplyIsTheDocumentAsCompactJson() {
        String reply = StructuredDocuments.reply(json(TRIAGE), CRASH);
        assertFalse(reply.contains("\n"));
        assertEquals(StructuredDocuments.generate(json(TRIAGE), CRASH), DocumentSchema.parse(reply).document());
    }

    @Test
    void aTaskWithoutFilesStillGetsAValidDocument() {
        Task bare = new Task("job-9", JobKind.TEST_GENERATION, "", List.of(), null);
        JsonNode triage = valid(TRIAGE, bare);
        assertEquals(1, triage.get("files").size());
        JsonNode plan = valid("""
                {"type": "object", "required": ["steps"], "properties": {"steps": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}""", bare);
        assertEquals("Apply: no instructions given", plan.get("steps").get(0).asText());
        valid(REVIEW, bare);
    }

    @Test
    void recursionAndArraySizesAreBounded() {
        String tree = """
                {"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "required": ["name", "children"], "properties": {
                  "name": {"type": "string"}, "children": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/node"}}}}}}""";
        JsonNode document = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> StructuredDocuments.generate(json(tree), CRASH));
        int depth = 0;
        for (JsonNode node = document; node != null && node.has("children"); node = node.get("children").get(0)) {
            depth++;
        }
        assertTrue(depth <= StructuredDocuments.MAX_DEPTH, "depth " + depth);
        assertTrue(document.toString().length() < 1_000_000);

        JsonNode many = StructuredDocuments.generate(json("{\"type\": \"array\", \"minItems\": 100000, \"items\": {\"type\": \"integer\"}}"), CRASH);
        assertEquals(StructuredDocuments.MAX_ITEMS, many.size());

        JsonNode wide = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> StructuredDocuments.generate(json("""
                {"$defs": {"n": {"type": "array", "minItems": 32, "items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"}"""), CRASH));
        assertTrue(wide.toString().length() < 1_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "null", "42", "\"text\"", "[]", "{}",
            "{\"$ref\": \"#/$defs/missing\"}",
            "{\"$ref\": \"http://127.0.0.1:1/x\"}",
            "{\"$ref\": \"#/$defs/a\", \"$defs\": {\"a\": {\"allOf\": [{\"$ref\": \"#/$defs/a\"}, {\"$ref\": \"#/$defs/a\"}]}}}",
            "{\"type\": \"string\", \"pattern\": \"(unclosed\"}",
            "{\"type\": \"string\", \"pattern\": \"^(a+)+$\", \"minLength\": 1000000000}",
            "{\"type\": 7, \"properties\": [1], \"required\": {\"a\": 1}, \"items\": \"x\", \"minItems\": \"many\"}",
            "{\"anyOf\": []}",
            "{\"oneOf\": [false, {\"type\": \"integer\", \"minimum\": 1e300}]}"})
    void strangeSchemasNeverThrow(String schema) {
        JsonNode document = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> StructuredDocuments.generate(json(schema), CRASH));
        assertTrue(document != null);
        assertTrue(StructuredDocuments.reply(json(schema), CRASH).length() <= StructuredDocuments.MAX_STRING + 64);
    }

    @Test
    void booleanSchemasAndForbiddenProperties() {
        valid("true", CRASH);
        JsonNode document = valid("""
                {"type": "object", "properties": {"summary": false, "files": {"type": "array"}}}""", CRASH);
        assertFalse(document.has("summary"));
        assertEquals(paths(CRASH), texts(document.get("files")));
    }

    @Test
    void minAndMaxPropertiesAreMet() {
        JsonNode document = valid("""
                {"type": "object", "minProperties": 2, "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}}""", CRASH);
        assertEquals(2, document.size(), document::toString);
        valid("""
                {"type": "object", "maxProperties": 1, "required": ["summary"], "properties": {"summary": {"type": "string"}, "files": {"type": "array"}}}""", CRASH);
    }
}
