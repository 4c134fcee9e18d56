package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.pipeline.kafka.KafkaSender;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
}
