package dev.patchlane.worker;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.pipeline.access.AccessDecision;
import dev.patchlane.pipeline.access.AccessSources;
import dev.patchlane.pipeline.access.RepositoryAccessPolicy;
import dev.patchlane.pipeline.kafka.RecordHandler;
import dev.patchlane.pipeline.safety.SafetyConfig;
import dev.patchlane.pipeline.migration.MigrationView;
import dev.patchlane.pipeline.budget.MigrationBudgets;
import dev.patchlane.pipeline.shutdown.Drain;
import dev.patchlane.pipeline.status.StatusRecorder;
import dev.patchlane.worker.solve.Solver;
import dev.patchlane.worker.solve.StructuredSolver;
import dev.patchlane.worker.verify.PatchVerification;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;

/** What both lanes' consumer beans share; each lane adds its channel, its settings and its outcome emitter. */
public abstract class LaneConsumer {

    @Inject
    EmulatorConfig emulator;

    @Inject
    RepositoryCache repositories;

    @Inject
    SafetyConfig safety;

    @Inject
    StatusRecorder status;

    @Inject
    MigrationView migrations;

    @Inject
    RepositoryAccessPolicy access;

    @Inject
    MigrationBudgets migrationBudgets;

    @Inject
    PatchVerification verification;

    @Inject
    Drain drain;

    private final Lane lane;
    private final RecordHandler<RoutedJob> jobs;
    private LaneDecoder decoder;
    private LaneWorker worker;

    protected LaneConsumer(Lane lane) {
        this.lane = lane;
        this.jobs = new RecordHandler<>(lane.name().toLowerCase(Locale.ROOT) + "-worker", ContractSchema.ROUTED_JOB, RoutedJob.class);
    }

    protected abstract LaneSettings settings();

    protected abstract MutinyEmitter<byte[]> outcomes();

    /** How this lane solves a job that asks for a patch. */
    protected abstract Solver patchSolver(PatchVerification verification);

    @PostConstruct
    void init() {
        decoder = Decoders.forLane(lane.name().toLowerCase(Locale.ROOT), settings(), emulator);
        Solver patches = patchSolver(verification);
        Solver documents = new StructuredSolver();
        worker = new LaneWorker(lane, decoder, settings(), repositories, safety::policyFor, status, outcomes(),
                job -> job.requiresStructuredOutput() ? documents : patches, drain::requireKept);
    }

    /** Stops the decoder's threads (the emulated device's) with the bean, at shutdown. */
    @PreDestroy
    void close() {
        if (decoder != null) {
            decoder.close();
        }
    }

    protected void handle(byte[] record) {
        drain.handle(() -> jobs.handle(record, this::startUnlessCancelled, this::giveUp));
    }

    private void giveUp(RoutedJob routed, RuntimeException failure) {
        drain.requireKept(routed.job().id());
        worker.giveUp(routed, failure);
    }

    private void startUnlessCancelled(RoutedJob routed) {
        drain.attempt(routed.job().id(), () -> {
            start(routed);
            return null;
        });
    }

    private void start(RoutedJob routed) {
        Optional<String> cancelled = migrations.cancellationOf(routed.job()).or(() -> migrationBudgets.stopOf(routed.job()));
        if (cancelled.isPresent()) {
            status.advance(routed.job(), routed.history(), JobState.CANCELLED, lane.name().toLowerCase(Locale.ROOT) + "-worker", lane,
                    cancelled.get(), routed.usageSoFar());
            return;
        }
        // A record written straight to Kafka bypasses ingest's allow-list: judged again before anything is fetched.
        if (access.check(routed.job().repository(), routed.job().tenant(), AccessSources.of(routed.job().source().type())) instanceof AccessDecision.Refused refused) {
            status.advance(routed.job(), routed.history(), JobState.DEAD, lane.name().toLowerCase(Locale.ROOT) + "-worker", lane,
                    refused.reason(), routed.usageSoFar());
            return;
        }
        worker.process(routed);
    }
}
