package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;
import dev.patchlane.pipeline.kafka.KafkaSender;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Writes a job's status to the compacted status topic and waits for the broker, so that a stage's next record is
 * written only after its status is durable, keeping status records in causal order. Every write is judged first by
 * {@link JobTransitions} against the job's current status: a write the state machine refuses throws
 * {@link StaleTransitionException} and writes nothing.
 */
@ApplicationScoped
public class StatusRecorder {

    private static final java.time.Duration REPLAY_WAIT = java.time.Duration.ofMinutes(5);
    private static final java.time.Duration CATCH_UP_WAIT = java.time.Duration.ofSeconds(30);

    @Inject
    @Channel("status")
    MutinyEmitter<byte[]> status;

    @Inject
    JobStatusView view;

    /**
     * Throws {@link StaleTransitionException} unless {@code next} may follow {@code history} now: a stage calls this
     * before an effect it cannot take back (a decode, a push), and {@link #advance} calls it before every write.
     */
    public void requirePermitted(String jobId, List<Transition> history, JobState next) {
        // Judged against a view that holds what was written before this process started, or not at all.
        if (view.reading() && !view.awaitReplayed(REPLAY_WAIT)) {
            throw new IllegalStateException("the status view has not finished loading; job " + jobId + " waits for it");
        }
        java.util.Optional<JobStatus> current = view.get(jobId);
        if (JobTransitions.refusal(current, history, next).isEmpty()) {
            return;
        }
        // The view may lag a write another process made a moment ago: judged again once it holds what the topic holds.
        if (!view.awaitCaughtUp(CATCH_UP_WAIT)) {
            throw new StatusViewLagException(jobId);
        }
        java.util.Optional<JobStatus> caughtUp = view.get(jobId);
        JobTransitions.refusal(caughtUp, history, next).ifPresent(why -> {
            throw new StaleTransitionException(jobId, caughtUp.map(JobStatus::state).orElse(null), next, why);
        });
    }

    /**
     * Records a status a stage built itself ({@code finished}, which extends {@code before}) after it handed the job on,
     * unless the next stage has already moved the job on from it.
     */
    public void recordUnlessMovedOn(Job job, List<Transition> before, List<Transition> finished, Usage usage, Verification verification,
            AgentRun agent) {
        try {
            requirePermitted(job.id(), before, finished.get(finished.size() - 1).state());
            record(JobStatuses.of(job, finished, usage, null, verification, agent));
        } catch (StaleTransitionException e) {
            // The outcome was taken up before its status was written; the next stage's status stands.
        }
    }

    public void record(JobStatus jobStatus) {
        KafkaSender.send(status, jobStatus.jobId(), jobStatus);
        view.apply(jobStatus);
    }

    /**
     * Records a new job as SUBMITTED at its {@code submittedAt}: the router rebuilds this first transition from the job
     * record, so the two must be equal for {@link JobTransitions} to tell this job's record from another replica's.
     */
    public List<Transition> recordSubmitted(Job job, String reason) {
        requirePermitted(job.id(), List.of(), JobState.SUBMITTED);
        List<Transition> history = List.of(new Transition(JobState.SUBMITTED, "ingest", job.submittedAt(), null, reason));
        record(JobStatuses.of(job, history, Usage.NONE, null));
        return history;
    }

    /**
     * {@link #recordSubmitted} for many new jobs at once: every status is judged first, then all are sent together and
     * acknowledged together before any is applied to the view, so a caller writes the jobs' records only after all of
     * their statuses are durable. A job another writer got to first is left out; the histories of those recorded are
     * returned by job id.
     */
    public java.util.Map<String, List<Transition>> recordSubmittedAll(List<Job> jobs, java.util.function.Function<Job, String> reason) {
        java.util.Map<String, List<Transition>> recorded = new java.util.LinkedHashMap<>();
        List<JobStatus> statuses = new java.util.ArrayList<>(jobs.size());
        for (Job job : jobs) {
            try {
                requirePermitted(job.id(), List.of(), JobState.SUBMITTED);
            } catch (StaleTransitionException e) {
                continue;
            }
            List<Transition> history = List.of(new Transition(JobState.SUBMITTED, "ingest", job.submittedAt(), null, reason.apply(job)));
            statuses.add(JobStatuses.of(job, history, Usage.NONE, null));
            recorded.put(job.id(), history);
        }
        KafkaSender.sendAll(status, statuses.stream().map(s -> new KafkaSender.Keyed(s.jobId(), s)).toList());
        statuses.forEach(view::apply);
        return recorded;
    }

    /** Appends a transition to the job's history, records the resulting status, and returns the new history. */
    public List<Transition> advance(Job job, List<Transition> history, JobState state, String stage, Lane lane, String reason,
            Usage usage) {
        return advance(job, history, state, stage, lane, reason, usage, null);
    }

    public List<Transition> advance(Job job, List<Transition> history, JobState state, String stage, Lane lane, String reason,
            Usage usage, Publication publication) {
        return advance(job, history, state, stage, lane, reason, usage, publication, null, null);
    }

    /** The same, carrying what the attempt's checks said and the deep loop's trail into the status. */
    public List<Transition> advance(Job job, List<Transition> history, JobState state, String stage, Lane lane, String reason,
            Usage usage, Publication publication, Verification verification, AgentRun agent) {
        requirePermitted(job.id(), history, state);
        List<Transition> next = JobStatuses.append(history, state, stage, lane, reason);
        record(JobStatuses.of(job, next, usage, publication, verification, agent));
        return next;
    }
}
