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
 * written only after its status is durable, keeping status records in causal order.
 */
@ApplicationScoped
public class StatusRecorder {

    @Inject
    @Channel("status")
    MutinyEmitter<byte[]> status;

    @Inject
    JobStatusView view;

    public void record(JobStatus jobStatus) {
        KafkaSender.send(status, jobStatus.jobId(), jobStatus);
        view.apply(jobStatus);
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
        List<Transition> next = JobStatuses.append(history, state, stage, lane, reason);
        record(JobStatuses.of(job, next, usage, publication, verification, agent));
        return next;
    }
}
