package dev.patchlane.sink;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Publication;
import dev.patchlane.pipeline.config.PatchlaneConfig;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.access.AccessDecision;
import dev.patchlane.pipeline.access.AccessSources;
import dev.patchlane.pipeline.access.RepositoryAccessPolicy;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.pipeline.kafka.RecordHandler;
import dev.patchlane.pipeline.shutdown.Drain;
import dev.patchlane.pipeline.safety.SafetyConfig;
import dev.patchlane.pipeline.status.JobLocks;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.sink.rebase.RerunGuard;
import dev.patchlane.pipeline.status.StatusRecorder;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.github.GitHubGaveUpException;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.GitHubRefusedException;
import dev.patchlane.sink.github.MutationGate;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.pacing.KafkaMutationGate;
import dev.patchlane.sink.prepare.PatchPreparer;
import dev.patchlane.sink.publish.Publishers;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes outcomes, re-checks each ready patch against its repository's safety policy and publishes it to every
 * configured target, and publishes each ready structured result (a JSON document, no patch) as a result file and, for
 * a job from a GitHub issue or pull request, a comment there. Offsets are committed only after this method returns,
 * that is after every effect is durable.
 */
@ApplicationScoped
public class ResultsSink {

    private static final String STAGE = "sink";

    @Inject
    PatchlaneConfig config;

    @Inject
    PublishConfig publishConfig;

    @Inject
    SafetyConfig safety;

    @Inject
    RepositoryCache repositories;

    @Inject
    StatusRecorder status;

    @Inject
    @Channel("published")
    MutinyEmitter<byte[]> published;

    @Inject
    RepositoryAccessPolicy access;

    @Inject
    TopicNames topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Drain drain;

    @Inject
    JobStatusView statusView;

    private final JobLocks jobLocks = new JobLocks();
    private final RecordHandler<Outcome> outcomes = new RecordHandler<>(STAGE, ContractSchema.OUTCOME, Outcome.class,
            // Waiting cannot cure these: rate limits already waited out to their bound, requests GitHub refuses as they
            // stand, and configuration errors.
            List.of(GitHubGaveUpException.class, GitHubRefusedException.class, IllegalStateException.class, IllegalArgumentException.class));
    private Publishers publishers;
    private OutcomePublisher outcomePublisher;

    @PostConstruct
    void init() {
        publishers = new Publishers(publishConfig, config.patchDir(), Sleeper.real(), System::getenv, this::mutationGate);
        outcomePublisher = new OutcomePublisher(new PatchPreparer(repositories), publishers, safety::policyFor);
    }

    /** GitHub's secondary limits count per installation, not per process, so every sink replica shares one schedule. */
    private MutationGate mutationGate() {
        PublishConfig.Pacing pacing = publishConfig.github().pacing();
        if (!pacing.shared()) {
            return MutationGate.jvm();
        }
        String replica = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return KafkaMutationGate.start(new KafkaMutationGate.Settings(bootstrapServers, topics.pacing(), replica,
                pacing.lookback(), pacing.timeout(), pacing.maxDelay()));
    }

    @PreDestroy
    void close() {
        publishers.close();
    }

    /** The publishers' GitHub client, shared with the sink's other GitHub surfaces (progress issues). */
    public GitHubPullRequests githubClient() {
        return publishers.githubClient();
    }

    @Incoming("outcomes-sink")
    @Blocking(value = "sink", ordered = false)
    public void consume(byte[] record) {
        drain.handle(() -> outcomes.handle(record, outcome -> drain.attempt(outcome.job().id(), () -> {
            publish(outcome);
            return null;
        }), (outcome, e) -> {
            drain.requireKept(outcome.job().id());
            record(outcome, JobState.DEAD, "publication failed: " + e.getMessage(), null);
            // Thrown on, the outcome record itself goes to the dead-letter topic with this reason.
            throw new PublicationAbandonedException(outcome.job().id(), e);
        }));
    }

    private void publish(Outcome outcome) {
        Job job = outcome.job();
        // Redeliveries of one outcome may arrive together; in one process they take turns, across processes every
        // publisher's own lookup-before-create keeps the effect single.
        jobLocks.run(job.id(), () -> {
            if (outcome.result() == OutcomeResult.PATCH_READY || outcome.result() == OutcomeResult.RESULT_READY) {
                // A redelivered outcome of a job that was published (or ended) already is not published again.
                status.requirePermitted(job.id(), outcome.history(), JobState.PUBLISHED);
                // An outcome written straight to Kafka bypasses ingest's allow-list: judged again before any push.
                if (access.check(job.repository(), job.tenant(), AccessSources.of(job.source().type())) instanceof AccessDecision.Refused refused) {
                    record(outcome, JobState.DEAD, refused.reason(), null);
                    return;
                }
                Optional<String> rerunRefused = RerunGuard.problem(job, statusView::get);
                if (rerunRefused.isPresent()) {
                    record(outcome, JobState.REJECTED, rerunRefused.get(), Publication.rejected(job, rerunRefused.get(), Instant.now()));
                    return;
                }
            }
            // A stopping process that gave up waiting starts no publication; the outcome goes to another replica.
            drain.requireKept(job.id());
            outcomePublisher.publish(outcome).ifPresent(decision -> {
                KafkaSender.send(published, job.id(), decision.publication());
                record(outcome, decision.state(), decision.reason(), decision.publication());
            });
        });
    }

    private void record(Outcome outcome, JobState state, String reason, Publication publication) {
        status.advance(outcome.job(), outcome.history(), state, STAGE, outcome.lane(), reason, outcome.totalUsage(), publication,
                outcome.verification(), outcome.agent());
    }
}
