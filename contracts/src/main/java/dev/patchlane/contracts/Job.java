package dev.patchlane.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A code-change job as written to {@link Topics#SUBMITTED}.
 *
 * @param schemaVersion the record's schema version, {@link Job#SCHEMA_VERSION}
 * @param id the job id, derived from the idempotency key (see {@link JobIds})
 * @param kind what the job asks for
 * @param repository any git URL or local path
 * @param baseRef the branch, tag or commit the change is made against
 * @param targetPaths the repository-relative files the job works on
 * @param instructions what to do, in words; untrusted input to a model
 * @param outputSchema a JSON Schema the result must satisfy, or null
 * @param laneHint a lane the submitter asks for, or null
 * @param source who or what submitted it
 * @param idempotencyKey the submitter's key; the same key always means the same job
 * @param submittedAt when ingest accepted it
 * @param tenant the tenant whose token submitted it, which its quotas and repository allow-list are judged by; null for a
 *     record written straight to Kafka by a bot, which only the rules for its source then allow
 * @param budget what the job may spend over all its attempts, or null when only the configured limits apply
 */
public record Job(
        int schemaVersion,
        String id,
        JobKind kind,
        String repository,
        String baseRef,
        List<String> targetPaths,
        String instructions,
        JsonNode outputSchema,
        Lane laneHint,
        JobSource source,
        String idempotencyKey,
        Instant submittedAt,
        String tenant,
        Budget budget) {

    public static final int SCHEMA_VERSION = 1;

    /** A job no tenant submitted (tests, records from before tenants existed). */
    public Job(int schemaVersion, String id, JobKind kind, String repository, String baseRef, List<String> targetPaths,
            String instructions, JsonNode outputSchema, Lane laneHint, JobSource source, String idempotencyKey, Instant submittedAt) {
        this(schemaVersion, id, kind, repository, baseRef, targetPaths, instructions, outputSchema, laneHint, source, idempotencyKey,
                submittedAt, null, null);
    }

    /** A job without a budget of its own (records from before budgets existed). */
    public Job(int schemaVersion, String id, JobKind kind, String repository, String baseRef, List<String> targetPaths,
            String instructions, JsonNode outputSchema, Lane laneHint, JobSource source, String idempotencyKey, Instant submittedAt,
            String tenant) {
        this(schemaVersion, id, kind, repository, baseRef, targetPaths, instructions, outputSchema, laneHint, source, idempotencyKey,
                submittedAt, tenant, null);
    }

    public Job {
        targetPaths = List.copyOf(targetPaths);
    }

    /** The job's budget, {@link Budget#NONE} when it has none. */
    public Budget budgetOrNone() {
        return Budget.orNone(budget);
    }

    public boolean requiresStructuredOutput() {
        return outputSchema != null && !outputSchema.isNull();
    }
}
