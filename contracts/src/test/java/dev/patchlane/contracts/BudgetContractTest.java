package dev.patchlane.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Budgets on the records that carry them: readable without one (older records), refused when malformed. */
class BudgetContractTest {

    private static final Instant NOW = Instant.parse("2026-12-04T01:00:00Z");

    @Test
    void aBudgetNamesTheLimitItReached() {
        Budget budget = new Budget(400_000L, 0.50, 8);
        assertEquals(Optional.of("over budget: 412,330 tokens of 400,000 (max tokens)"), budget.reachedBy(412_330, 0.1));
        assertEquals(Optional.of("over budget: $0.5100 of $0.5000 (max cost)"), budget.reachedBy(10, 0.51));
        assertEquals(Optional.empty(), budget.reachedBy(399_999, 0.49));
        assertEquals(Optional.of("over budget: 8 deep turns of 8 (max deep turns)"), budget.turnsReachedBy(8));
        assertEquals(Optional.empty(), Budget.NONE.reachedBy(Long.MAX_VALUE, 1e300));
        assertEquals(0, budget.tokensLeft(500_000));
        assertEquals(Long.MAX_VALUE, Budget.NONE.tokensLeft(5));
        assertEquals("400,000 tokens, $0.50, 8 deep turns", budget.describe());
    }

    @Test
    void recordsWithABudgetMatchTheirSchemasAndRoundTrip() {
        Budget budget = new Budget(1000L, 0.25, 3);
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("b-1"), JobKind.ISSUE, "/tmp/repo", "main", List.of("a.txt"),
                "do it", null, null, new JobSource("api", "bot", null), "b-1", NOW, "acme", budget);
        assertEquals(List.of(), SchemaValidator.instance().violations(ContractSchema.JOB, Json.tree(job)));
        assertEquals(job, RecordReader.read(Json.write(job), ContractSchema.JOB, Job.class));
        RoutedJob routed = new RoutedJob(RoutedJob.SCHEMA_VERSION, job, new RouteDecision(Lane.DEEP, List.of("escalated"),
                new RouteFeatures(JobKind.ISSUE, 1, 10, false, List.of(), null)), 2, null, new Usage(10, 5),
                List.of(new Transition(JobState.SUBMITTED, "ingest", NOW, null, "accepted")), NOW, 0.0125);
        assertEquals(routed, RecordReader.read(Json.write(routed), ContractSchema.ROUTED_JOB, RoutedJob.class));
        JobStatus status = new JobStatus(JobStatus.SCHEMA_VERSION, job.id(), job.kind(), job.repository(), job.source(), JobState.FAILED,
                Lane.FAST, "over budget", new Usage(900, 200), null, routed.history(), NOW, null, null, "acme", budget);
        assertEquals(status, RecordReader.read(Json.write(status), ContractSchema.JOB_STATUS, JobStatus.class));
    }

    @Test
    void recordsWrittenBeforeBudgetsAreStillReadable() {
        String before = """
                {"schemaVersion":1,"id":"x-1","kind":"ISSUE","repository":"/tmp/r","baseRef":"main","targetPaths":["a"],
                 "instructions":"i","source":{"type":"api","name":"n"},"idempotencyKey":"k","submittedAt":"2026-11-01T00:00:00Z"}""";
        Job job = RecordReader.read(before.getBytes(StandardCharsets.UTF_8), ContractSchema.JOB, Job.class);
        assertNull(job.budget());
        assertTrue(job.budgetOrNone().isEmpty());
        String routed = "{\"schemaVersion\":1,\"job\":" + before + ",\"decision\":{\"lane\":\"FAST\",\"reasons\":[\"r\"],\"features\":"
                + "{\"kind\":\"ISSUE\",\"targetFiles\":1,\"contextTokens\":1,\"outputSchemaRequired\":false,\"securitySignals\":[]}},"
                + "\"attempt\":1,\"usageSoFar\":{\"promptTokens\":0,\"completionTokens\":0},\"history\":[{\"state\":\"SUBMITTED\",\"stage\":\"ingest\",\"at\":\"2026-11-01T00:00:00Z\"}],\"routedAt\":\"2026-11-01T00:00:00Z\"}";
        RoutedJob read = RecordReader.read(routed.getBytes(StandardCharsets.UTF_8), ContractSchema.ROUTED_JOB, RoutedJob.class);
        assertEquals(0.0, read.costSoFar());
        assertFalse(new String(Json.write(job), StandardCharsets.UTF_8).contains("budget"), "no budget is written as none");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"maxTokens\":0}",
            "{\"maxTokens\":-5}",
            "{\"maxTokens\":1.5}",
            "{\"maxTokens\":\"1000\"}",
            "{\"maxTokens\":99999999999999999999999999}",
            "{\"maxCostUsd\":0}",
            "{\"maxCostUsd\":-0.01}",
            "{\"maxCostUsd\":1e400}",
            "{\"maxCostUsd\":\"NaN\"}",
            "{\"maxDeepTurns\":0}",
            "{\"maxDeepTurns\":true}",
            "{\"maxDeepTurns\":2, \"maxTurns\":5}",
            "[1000]",
            "\"lots\""})
    void malformedBudgetsAreRefusedBySchema(String budget) throws Exception {
        ObjectNode request = (ObjectNode) Json.mapper().readTree("""
                {"kind":"ISSUE","repository":"/tmp/r","targetPaths":["a.txt"],"instructions":"x"}""");
        request.set("budget", Json.mapper().readTree(budget));
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB_REQUEST, request);
        assertFalse(violations.isEmpty(), budget + " is refused");
        assertTrue(violations.stream().anyMatch(v -> v.contains("budget")), violations.toString());
    }

    @Test
    void aMigrationsTotalBudgetHasNoTurns() throws Exception {
        ObjectNode manifest = (ObjectNode) Json.mapper().readTree("""
                {"name":"m","instructions":"x","repositories":[{"url":"/tmp/r"}],
                 "budget":{"maxTokens":1000,"maxDeepTurns":4},"totalBudget":{"maxCostUsd":2.5,"maxTokens":50000}}""");
        assertEquals(List.of(), SchemaValidator.instance().violations(ContractSchema.MIGRATION_MANIFEST, manifest));
        MigrationManifest read = Json.mapper().treeToValue(manifest, MigrationManifest.class);
        assertEquals(new Budget(1000L, null, 4), read.budget());
        assertEquals(new Budget(50_000L, 2.5, null), read.totalBudget());
        manifest.set("totalBudget", Json.mapper().readTree("{\"maxDeepTurns\":4}"));
        assertFalse(SchemaValidator.instance().violations(ContractSchema.MIGRATION_MANIFEST, manifest).isEmpty());
    }
}
