package dev.patchlane.sink.checks;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.UnreadableRecordException;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.github.GitHubCheckRuns;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.MutationGate;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.pacing.KafkaMutationGate;
import dev.patchlane.sink.publish.Publishers;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reports GitHub jobs on GitHub as they move: reads the status topic in one consumer group ({@code patchlane-checks}),
 * so each job's partition, and with it every record of that job, has one owner among the sink replicas, in order. A
 * check run is a view of the job, never part of it: a failure here is retried a little and logged, and the job goes on.
 */
@ApplicationScoped
public class StatusChecks {

    private static final Logger LOG = Logger.getLogger(StatusChecks.class);
    private static final int ATTEMPTS = 3;

    @Inject
    PublishConfig publish;

    @Inject
    JobStatusView view;

    @Inject
    TopicNames topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private CheckRunSync sync;
    private GitHubPullRequests comments;
    private MutationGate gate;

    @Incoming("status-checks")
    @Blocking("checks")
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (!publish.github().checks().enabled() || record.value() == null) {
            return;
        }
        JobStatus status;
        try {
            status = RecordReader.read(record.value(), ContractSchema.JOB_STATUS, JobStatus.class);
        } catch (UnreadableRecordException e) {
            // the status view's own consumer dead-letters nothing either: unreadable statuses are simply not shown
            LOG.warnf("status record %s-%d@%d is unreadable, not reported: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (status.source() == null || !"github".equals(status.source().type())) {
            return;
        }
        if (status.updatedAt().isBefore(Instant.now().minus(publish.github().checks().maxAge()))) {
            return;
        }
        Optional<JobStatus> known = view.get(status.jobId());
        if (known.isPresent() && superseded(status, known.get())) {
            LOG.debugf("job %s: status %s superseded by %s", status.jobId(), status.state(), known.get().state());
            return;
        }
        report(status);
    }

    /**
     * The job has ended since: a step on the way is not worth a call (a backlog after a restart, a redelivery). Steps of
     * a job still under way are each shown; {@link CheckRunSync} refuses any older than the run shows.
     */
    static boolean superseded(JobStatus status, JobStatus latest) {
        return latest.isTerminal() && !status.isTerminal();
    }

    private void report(JobStatus status) {
        for (int attempt = 1; ; attempt++) {
            try {
                CheckRunSync.Result result = sync().apply(status);
                LOG.debugf("job %s %s: check %s (%s)", status.jobId(), status.state(), result.effect(), result.detail());
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.warnf("job %s: its %s status could not be reported on GitHub: %s", status.jobId(), status.state(), e.getMessage());
                    return;
                }
                sleep(Duration.ofMillis(500L * attempt));
            }
        }
    }

    private synchronized CheckRunSync sync() {
        if (sync == null) {
            PublishConfig.GitHub github = publish.github();
            gate = mutationGate();
            var settings = Publishers.githubSettings(github, System::getenv);
            comments = new GitHubPullRequests(settings, Sleeper.real(), gate);
            sync = new CheckRunSync(new GitHubCheckRuns(settings, Sleeper.real(), gate), comments, publish);
        }
        return sync;
    }

    // One more replica of the shared pacing schedule, as the sink's publishers are: GitHub counts per installation.
    private MutationGate mutationGate() {
        PublishConfig.Pacing pacing = publish.github().pacing();
        if (!pacing.shared()) {
            return MutationGate.jvm();
        }
        String replica = ProcessHandle.current().pid() + "-checks-" + UUID.randomUUID().toString().substring(0, 8);
        return KafkaMutationGate.start(new KafkaMutationGate.Settings(bootstrapServers, topics.pacing(), replica,
                pacing.lookback(), pacing.timeout(), pacing.maxDelay()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (comments != null) {
            comments.close();
        }
        if (gate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warnf("closing the check runs' pacing gate: %s", e.getMessage());
            }
        }
    }
}
