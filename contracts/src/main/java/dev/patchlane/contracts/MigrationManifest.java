package dev.patchlane.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A bulk migration as submitted to {@code POST /migrations} (JSON or YAML): one instruction applied across many
 * repositories, fanned out into one job per group of files.
 *
 * @param id a stable id for the migration, or null to derive one from the manifest's content
 * @param name a human name
 * @param instructions what to do to every file group; untrusted input to a model
 * @param kind the job kind of every job, {@code MIGRATION} when null
 * @param repositories where to apply it
 * @param include globs of repository-relative paths to include; every file when empty
 * @param exclude globs of paths to leave out
 * @param granularity how files are grouped into jobs; one job per file when null
 * @param laneHint a lane every job should take, or null to let the router decide
 * @param maxInFlight the most jobs of this migration that may be unfinished at once; 100 when null
 * @param outputSchema a JSON Schema each job's result must satisfy, or null
 * @param progressIssue the GitHub issue the sink keeps up to date with the migration's progress, or null for none
 * @param budget what each of its jobs may spend, or null
 * @param totalBudget what all of its jobs together may spend (tokens and cost), or null
 */
public record MigrationManifest(
        String id,
        String name,
        String instructions,
        JobKind kind,
        List<Target> repositories,
        List<String> include,
        List<String> exclude,
        Granularity granularity,
        Lane laneHint,
        Integer maxInFlight,
        JsonNode outputSchema,
        ProgressIssue progressIssue,
        Budget budget,
        Budget totalBudget) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 100;

    /** A manifest without a progress issue or budgets. */
    public MigrationManifest(String id, String name, String instructions, JobKind kind, List<Target> repositories, List<String> include,
            List<String> exclude, Granularity granularity, Lane laneHint, Integer maxInFlight, JsonNode outputSchema) {
        this(id, name, instructions, kind, repositories, include, exclude, granularity, laneHint, maxInFlight, outputSchema, null, null, null);
    }

    /** A manifest without budgets. */
    public MigrationManifest(String id, String name, String instructions, JobKind kind, List<Target> repositories, List<String> include,
            List<String> exclude, Granularity granularity, Lane laneHint, Integer maxInFlight, JsonNode outputSchema,
            ProgressIssue progressIssue) {
        this(id, name, instructions, kind, repositories, include, exclude, granularity, laneHint, maxInFlight, outputSchema, progressIssue,
                null, null);
    }

    /** A manifest without a progress issue. */
    public MigrationManifest(String id, String name, String instructions, JobKind kind, List<Target> repositories, List<String> include,
            List<String> exclude, Granularity granularity, Lane laneHint, Integer maxInFlight, JsonNode outputSchema, Budget budget,
            Budget totalBudget) {
        this(id, name, instructions, kind, repositories, include, exclude, granularity, laneHint, maxInFlight, outputSchema, null, budget,
                totalBudget);
    }

    public MigrationManifest {
        repositories = List.copyOf(repositories);
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    public JobKind jobKind() {
        return kind == null ? JobKind.MIGRATION : kind;
    }

    public int inFlightLimit() {
        return maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
    }

    public Granularity grouping() {
        return granularity == null ? new Granularity(Granularity.Unit.FILE, null) : granularity;
    }

    /**
     * One repository of a migration.
     *
     * @param url any git URL or local path
     * @param ref the branch, tag or commit to start from; {@code HEAD} when null
     */
    public record Target(String url, String ref) {

        public String refOrHead() {
            return ref == null ? "HEAD" : ref;
        }
    }

    /**
     * How files are grouped into jobs.
     *
     * @param unit one job per file, per {@code size} files, or per directory
     * @param size the files per job for {@link Unit#FILES}
     */
    public record Granularity(Unit unit, Integer size) {

        public enum Unit {
            FILE, FILES, DIRECTORY
        }
    }

    /**
     * A GitHub issue kept up to date with the migration's jobs, like Renovate's dependency dashboard.
     *
     * @param mode one issue in each of the migration's GitHub repositories, or one for the whole migration
     * @param repository for {@link Mode#PER_MIGRATION}, the GitHub {@code owner/name} the issue lives in; null otherwise
     */
    public record ProgressIssue(Mode mode, String repository) {

        public enum Mode {
            @JsonProperty("per-repository") PER_REPOSITORY,
            @JsonProperty("per-migration") PER_MIGRATION
        }
    }
}
