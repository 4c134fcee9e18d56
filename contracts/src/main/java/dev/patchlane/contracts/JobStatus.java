package dev.patchlane.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The latest state of a job with its whole history, as written to the compacted {@link Topics#STATUS}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param jobId the job
 * @param kind the job kind
 * @param repository the repository the job changes
 * @param source who or what submitted it
 * @param state the current state, the last of {@code history}
 * @param lane the lane of the latest attempt, or null before routing
 * @param reason why it is in that state
 * @param usage tokens spent over all attempts
 * @param publication where the patch went, once published, or null
 * @param history every transition, oldest first
 * @param updatedAt when the latest transition happened
 * @param verification what the latest attempt's checks said, or null
 * @param agent the latest deep attempt's tool loop, or null
 * @param tenant the job's tenant, or null for a job no tenant submitted
 * @param budget the job's budget, or null when it has none
 */
public record JobStatus(
        int schemaVersion,
        String jobId,
        JobKind kind,
        String repository,
        JobSource source,
        JobState state,
        Lane lane,
        String reason,
        Usage usage,
        Publication publication,
        List<Transition> history,
        Instant updatedAt,
        Verification verification,
        AgentRun agent,
        String tenant,
        Budget budget) {

    public static final int SCHEMA_VERSION = 1;

    public JobStatus(int schemaVersion, String jobId, JobKind kind, String repository, JobSource source, JobState state, Lane lane,
            String reason, Usage usage, Publication publication, List<Transition> history, Instant updatedAt) {
        this(schemaVersion, jobId, kind, repository, source, state, lane, reason, usage, publication, history, updatedAt, null, null, null, null);
    }

    public JobStatus(int schemaVersion, String jobId, JobKind kind, String repository, JobSource source, JobState state, Lane lane,
            String reason, Usage usage, Publication publication, List<Transition> history, Instant updatedAt, Verification verification,
            AgentRun agent) {
        this(schemaVersion, jobId, kind, repository, source, state, lane, reason, usage, publication, history, updatedAt, verification,
                agent, null);
    }

    /** A status without a budget (records from before budgets existed). */
    public JobStatus(int schemaVersion, String jobId, JobKind kind, String repository, JobSource source, JobState state, Lane lane,
            String reason, Usage usage, Publication publication, List<Transition> history, Instant updatedAt, Verification verification,
            AgentRun agent, String tenant) {
        this(schemaVersion, jobId, kind, repository, source, state, lane, reason, usage, publication, history, updatedAt, verification,
                agent, tenant, null);
    }

    public JobStatus {
        history = List.copyOf(history);
    }

    public boolean isTerminal() {
        return state.isTerminal();
    }
}
