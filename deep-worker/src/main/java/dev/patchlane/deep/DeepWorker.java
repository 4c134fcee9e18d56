package dev.patchlane.deep;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.pipeline.status.StatusRecorder;
import dev.patchlane.worker.Decoders;
import dev.patchlane.worker.EmulatorConfig;
import dev.patchlane.worker.LaneWorker;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes the deep lane's topic; each job may stream for minutes, so the channel tolerates long unacknowledged records. */
@ApplicationScoped
public class DeepWorker {

    @Inject
    DeepLaneConfig config;

    @Inject
    EmulatorConfig emulator;

    @Inject
    RepositoryCache repositories;

    @Inject
    StatusRecorder status;

    @Inject
    @Channel("deep-outcomes")
    MutinyEmitter<byte[]> outcomes;

    private LaneWorker worker;

    @PostConstruct
    void init() {
        worker = new LaneWorker(Lane.DEEP, Decoders.forLane("deep", config, emulator), config, repositories, status, outcomes);
    }

    @Incoming("jobs-deep")
    @Blocking(value = "deep-lane", ordered = false)
    public void work(byte[] record) {
        worker.process(RecordReader.read(record, ContractSchema.ROUTED_JOB, RoutedJob.class));
    }
}
