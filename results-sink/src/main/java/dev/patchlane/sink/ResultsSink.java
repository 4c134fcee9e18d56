package dev.patchlane.sink;

import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Publication;
import dev.patchlane.pipeline.config.PatchlaneConfig;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.pipeline.kafka.RecordHandler;
import dev.patchlane.pipeline.status.StatusRecorder;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes outcomes and publishes the ready patches; its offsets are committed only after the publication is durable.
 */
@ApplicationScoped
public class ResultsSink {

    private static final String STAGE = "sink";

    @Inject
    PatchlaneConfig config;

    @Inject
    RepositoryCache repositories;

    @Inject
    StatusRecorder status;

    @Inject
    @Channel("published")
    MutinyEmitter<byte[]> published;

    private final Object[] jobLocks = new Object[64];
    private final RecordHandler<Outcome> outcomes = new RecordHandler<>(STAGE, ContractSchema.OUTCOME, Outcome.class);
    private PatchPublisher publisher;

    @PostConstruct
    void init() {
        publisher = new PatchPublisher(repositories, config.patchDir());
        for (int i = 0; i < jobLocks.length; i++) {
            jobLocks[i] = new Object();
        }
    }

    @Incoming("outcomes-sink")
    @Blocking(value = "sink", ordered = false)
    public void consume(byte[] record) {
        outcomes.handle(record, this::publish, (outcome, e) -> record(outcome, JobState.DEAD, "publication failed: " + e, null));
    }

    private void publish(Outcome outcome) {
        if (outcome.result() != OutcomeResult.PATCH_READY) {
            return;
        }
        String jobId = outcome.job().id();
        // Redeliveries of one outcome may arrive together; one at a time per job keeps each side effect single.
        synchronized (jobLocks[Math.floorMod(jobId.hashCode(), jobLocks.length)]) {
            try {
                Publication publication = publisher.publish(outcome);
                KafkaSender.send(published, jobId, publication);
                record(outcome, JobState.PUBLISHED, "published" + (publication.branch() == null ? "" : " on " + publication.branch())
                        + " and " + publication.patchFile(), publication);
            } catch (PatchRejectedException e) {
                record(outcome, JobState.REJECTED, "the patch failed final validation: " + e.getMessage(), null);
            }
        }
    }

    private void record(Outcome outcome, JobState state, String reason, Publication publication) {
        status.advance(outcome.job(), outcome.history(), state, STAGE, outcome.lane(), reason, outcome.totalUsage(), publication);
    }
}
