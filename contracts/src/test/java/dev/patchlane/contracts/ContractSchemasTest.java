package dev.patchlane.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContractSchemasTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30.123Z");

    static Job job() {
        return new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("k-1"), JobKind.LINT_FIX, "/tmp/repo", "main",
                List.of("src/Main.java"), "fix the lint findings", null, null,
                new JobSource("api", "ci-bot", null), "k-1", NOW);
    }

    static RoutedJob routed() {
        RouteFeatures features = new RouteFeatures(JobKind.LINT_FIX, 1, 420, false, List.of(), null);
        return new RoutedJob(RoutedJob.SCHEMA_VERSION, job(), new RouteDecision(Lane.FAST, List.of("bounded lint fix"), features),
                1, null, Usage.NONE,
                List.of(new Transition(JobState.SUBMITTED, "ingest", NOW, null, "accepted"),
                        new Transition(JobState.ROUTED, "router", NOW, Lane.FAST, "bounded lint fix")),
                NOW);
    }

    static Outcome outcome() {
        RoutedJob routed = routed();
        return new Outcome(Outcome.SCHEMA_VERSION, routed, Lane.FAST, "0123456789abcdef0123456789abcdef01234567", OutcomeResult.PATCH_READY,
                "--- a/src/Main.java\n+++ b/src/Main.java\n", "removed trailing whitespace", false,
                new Usage(500, 40), 0.0004, new Timings(3, 10, 20, 30, 63, 1333.3),
                new DecoderInfo("emulator", "codex-spark-class", true, "fixer:lint", "in-process", "codex-spark-class@wse3"), routed.history(), NOW);
    }

    static Publication publication() {
        return new Publication(Publication.SCHEMA_VERSION, job().id(), JobKind.LINT_FIX, "/tmp/repo",
                "patchlane/lint-fix/" + job().id(), "0123456789abcdef0123456789abcdef01234567", "/tmp/p.patch",
                List.of(new PublicationTarget("patch-file", PublishEffect.CREATED, "/tmp/p.patch", null, null),
                        new PublicationTarget("git", PublishEffect.LEFT_ALONE, "file:///tmp/remote.git patchlane/lint-fix/x",
                                "0123456789abcdef0123456789abcdef01234567",
                                "the branch has 1 commit by Ada <ada@example.com>")),
                null, NOW);
    }

    static JobStatus status() {
        return new JobStatus(JobStatus.SCHEMA_VERSION, job().id(), JobKind.LINT_FIX, job().repository(), job().source(), JobState.PUBLISHED, Lane.FAST, "published",
                new Usage(500, 40), publication(), routed().history(), NOW);
    }

    private static List<String> violations(ContractSchema schema, Object value) {
        return SchemaValidator.instance().violations(schema, Json.tree(value));
    }

    @Test
    void realSerialisedRecordsMatchTheirTopicSchemas() {
        assertEquals(List.of(), violations(ContractSchema.forTopic(Topics.SUBMITTED), job()));
        assertEquals(List.of(), violations(ContractSchema.forTopic(Topics.FAST), routed()));
        assertEquals(List.of(), violations(ContractSchema.forTopic(Topics.DEEP), routed()));
        assertEquals(List.of(), violations(ContractSchema.forTopic(Topics.OUTCOMES), outcome()));
        assertEquals(List.of(), violations(ContractSchema.forTopic(Topics.PUBLISHED), publication()));
        assertEquals(List.of(), violations(ContractSchema.forTopic(Topics.PUBLISHED),
                Publication.rejected(job(), "src/A.java: line 3 adds what looks like an AWS access key", NOW)));
        assertEquals(List.of(), violations(ContractSchema.forTopic(Topics.STATUS), status()));
    }

    @Test
    void recordsSurviveARoundTripThroughJson() {
        assertEquals(job(), RecordReader.read(Json.write(job()), ContractSchema.JOB, Job.class));
        assertEquals(outcome(), RecordReader.read(Json.write(outcome()), ContractSchema.OUTCOME, Outcome.class));
        assertEquals(status(), RecordReader.read(Json.write(status()), ContractSchema.JOB_STATUS, JobStatus.class));
        assertEquals(publication(), RecordReader.read(Json.write(publication()), ContractSchema.PUBLICATION, Publication.class));
    }

    @Test
    void aRejectionCarriesNoPublishedCommitOrTarget() {
        Publication rejectedWithCommit = new Publication(Publication.SCHEMA_VERSION, job().id(), JobKind.LINT_FIX, "/tmp/repo", null,
                "0123456789abcdef0123456789abcdef01234567", null, List.of(), "refused", NOW);
        assertFalse(violations(ContractSchema.PUBLICATION, rejectedWithCommit).isEmpty());
    }

    @Test
    void aMissingFieldIsNamed() {
        ObjectNode tree = (ObjectNode) Json.tree(job());
        tree.remove("repository");
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB, tree);
        assertEquals(1, violations.size());
        assertTrue(violations.get(0).contains("repository"), violations.toString());
    }

    @Test
    void anUnknownKindIsNamed() {
        ObjectNode tree = (ObjectNode) Json.tree(job());
        tree.put("kind", "REFACTOR_EVERYTHING");
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB, tree);
        assertTrue(violations.stream().anyMatch(v -> v.contains("$.kind")), violations.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../outside.txt", "src/../../x", ".git/config", "a/.git/hooks/pre-commit", "nul\u0000byte",
        "a\n/../../etc/passwd", "x\n.git/config", ".GIT/config", "line\rbreak", "tab\there", "back\\slash", "trailing-newline\n"})
    void hostileTargetPathsAreRefused(String path) {
        ObjectNode tree = (ObjectNode) Json.tree(job());
        tree.putArray("targetPaths").add(path);
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB, tree);
        assertTrue(violations.stream().anyMatch(v -> v.contains("targetPaths")), path + " -> " + violations);
    }

    @ParameterizedTest
    @ValueSource(strings = {"src/.github/x.java", "docs/..hidden", "a/b/c.py", ".gitignore"})
    void ordinaryPathsAreAccepted(String path) {
        ObjectNode tree = (ObjectNode) Json.tree(job());
        tree.putArray("targetPaths").add(path);
        assertEquals(List.of(), SchemaValidator.instance().violations(ContractSchema.JOB, tree));
    }

    @Test
    void unreadableBytesExplainWhy() {
        UnreadableRecordException notJson = assertThrows(UnreadableRecordException.class,
                () -> RecordReader.read("{not json".getBytes(StandardCharsets.UTF_8), ContractSchema.JOB, Job.class));
        assertTrue(notJson.getMessage().startsWith("malformed JSON"), notJson.getMessage());

        UnreadableRecordException array = assertThrows(UnreadableRecordException.class,
                () -> RecordReader.read("[1,2]".getBytes(StandardCharsets.UTF_8), ContractSchema.JOB, Job.class));
        assertTrue(array.getMessage().contains("not a JSON object"));

        assertThrows(UnreadableRecordException.class, () -> RecordReader.read(new byte[0], ContractSchema.JOB, Job.class));

        UnreadableRecordException schema = assertThrows(UnreadableRecordException.class,
                () -> RecordReader.read("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8), ContractSchema.JOB, Job.class));
        assertTrue(schema.getMessage().contains("job.schema.json") && schema.getMessage().contains("kind"), schema.getMessage());
    }

    @Test
    void aRequestWithAnUnknownFieldIsRefused() {
        JsonNode request = Json.mapper().createObjectNode()
                .put("kind", "ISSUE").put("repository", "/r").put("instructions", "x").put("kidn", "typo")
                .set("targetPaths", Json.mapper().createArrayNode().add("a.txt"));
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB_REQUEST, request);
        assertTrue(violations.stream().anyMatch(v -> v.contains("kidn")), violations.toString());
    }
}
