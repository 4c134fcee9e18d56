package dev.patchlane.ingest.github.retry;

import dev.patchlane.pipeline.kafka.SubmittedJobs;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.WebhookDelivery;
import dev.patchlane.ingest.IngestConfig;
import dev.patchlane.ingest.github.GithubWebhookConfig;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.JobStatusView;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Judges a click on "Retry on deep lane" as a {@code /patchlane deep} command would be judged, and turns an allowed one
 * into the original job again, forced deep, under a key derived from the original job: a second click or a redelivery
 * is that same job. Judged while the delivery is answered, so a refusal is the delivery's answer in GitHub's log.
 */
@ApplicationScoped
public class DeepRetries {

    /** The key prefix of retries; no API caller can submit a {@code github:} key. */
    static final String KEY_PREFIX = "github:retry-deep:";

    @Inject
    GithubWebhookConfig config;

    @Inject
    IngestConfig ingest;

    @Inject
    JobStatusView statusView;

    @Inject
    TopicNames topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private CollaboratorPermissions permissions;
    private SubmittedJobs submitted;

    /** Either the delivery to store, or why the click is ignored. */
    public sealed interface Decision {
    }

    public record Allowed(WebhookDelivery delivery) implements Decision {
    }

    public record Refused(String reason) implements Decision {
    }

    @PostConstruct
    void init() {
        permissions = new CollaboratorPermissions(config);
        submitted = new SubmittedJobs(bootstrapServers, topics.submitted(), Duration.ofSeconds(5), Integer.MAX_VALUE);
    }

    public static String idempotencyKey(String originalJobId) {
        return KEY_PREFIX + originalJobId;
    }

    /** Throws {@link IllegalStateException} when the status view, GitHub or the broker cannot answer now (the delivery gets 503). */
    public Decision decide(DeepRetryRequest retry) {
        if (!statusView.awaitReplayed(ingest.statusReplayWait())) {
            throw new IllegalStateException("the status view is still loading");
        }
        Optional<JobStatus> known = statusView.get(retry.jobId());
        if (known.isEmpty()) {
            return new Refused("the check run's external_id " + retry.jobId() + " is no patchlane job");
        }
        JobStatus original = known.get();
        if (original.source() == null || !"github".equals(original.source().type()) || !retry.cloneUrl().equals(original.repository())) {
            return new Refused("job " + retry.jobId() + " is not a GitHub job of " + retry.repository());
        }
        if (original.source().commit() != null && !original.source().commit().equals(retry.headSha())) {
            return new Refused("job " + retry.jobId() + "'s check run is on " + original.source().commit() + ", not " + retry.headSha());
        }
        if (!original.isTerminal()) {
            return new Refused("job " + retry.jobId() + " is still " + original.state() + "; it can be retried once it has ended");
        }
        String permission = permissions.of(retry.repository(), retry.sender()).toLowerCase(Locale.ROOT);
        if (!config.retryPermissions().contains(permission)) {
            return new Refused("sender " + retry.sender() + " has " + permission + " permission on " + retry.repository()
                    + "; a retry needs one of " + config.retryPermissions());
        }
        Optional<Job> job = submitted.find(retry.jobId(), original.history().get(0).at());
        if (job.isEmpty()) {
            return new Refused("job " + retry.jobId() + "'s record is no longer on the submitted topic, so it cannot be run again");
        }
        Job was = job.get();
        JobRequest request = new JobRequest(was.kind(), was.repository(), was.baseRef(), was.targetPaths(), was.instructions(),
                was.outputSchema(), Lane.DEEP, new JobSource("github", retry.sender(), retry.checkRunUrl(), original.source().commit()),
                idempotencyKey(was.id()));
        JobDraft draft = new JobDraft(request, null, null, "retry of job " + was.id() + " on the deep lane, asked by " + retry.sender());
        return new Allowed(new WebhookDelivery(WebhookDelivery.SCHEMA_VERSION, retry.deliveryId(), "check_run", "requested_action",
                retry.repository(), retry.sender(), retry.receivedAt(), List.of(draft)));
    }
}
