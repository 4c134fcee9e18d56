package dev.patchlane.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /jobs}: a job before ingest has given it an id.
 *
 * @param kind what the job asks for
 * @param repository any git URL or local path
 * @param baseRef branch, tag or commit; null means {@code HEAD}
 * @param targetPaths repository-relative files to work on
 * @param instructions what to do
 * @param outputSchema a JSON Schema the result must satisfy, or null
 * @param laneHint a lane to force, or null
 * @param source who is submitting, or null for an anonymous API caller
 * @param idempotencyKey the caller's key; null means "derived from the request's content"
 * @param budget what the job may spend over all its attempts, or null for the configured limits only
 */
public record JobRequest(
        JobKind kind,
        String repository,
        String baseRef,
        List<String> targetPaths,
        String instructions,
        JsonNode outputSchema,
        Lane laneHint,
        JobSource source,
        String idempotencyKey,
        Budget budget) {

    /** A request without a budget of its own. */
    public JobRequest(JobKind kind, String repository, String baseRef, List<String> targetPaths, String instructions, JsonNode outputSchema,
            Lane laneHint, JobSource source, String idempotencyKey) {
        this(kind, repository, baseRef, targetPaths, instructions, outputSchema, laneHint, source, idempotencyKey, null);
    }
}
