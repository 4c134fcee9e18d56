package dev.patchlane.ingest.github;

import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.WebhookDelivery;
import dev.patchlane.ingest.JobIntake;
import dev.patchlane.pipeline.access.AccessDecision;
import dev.patchlane.pipeline.access.AccessSources;
import dev.patchlane.pipeline.access.RepositoryAccessPolicy;
import dev.patchlane.pipeline.kafka.RecordHandler;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Completes the jobs of stored deliveries with what needs git or GitHub (a pull request's changed files, a check run's
 * findings) and submits them. Job ids come from the delivery's state, so a redelivered or repeated event finds its job.
 */
@ApplicationScoped
public class WebhookDeliveryProcessor {

    private static final String STAGE = "webhooks";
    private static final int MAX_FILES = 200;
    private static final int MAX_FINDINGS_CHARS = 30_000;

    @Inject
    GithubWebhookConfig config;

    @Inject
    RepositoryCache repositories;

    @Inject
    JobIntake intake;

    @Inject
    RepositoryAccessPolicy access;

    private final RecordHandler<WebhookDelivery> handler = new RecordHandler<>(STAGE, ContractSchema.WEBHOOK_DELIVERY, WebhookDelivery.class);
    private CheckRunAnnotations annotations;

    @PostConstruct
    void init() {
        annotations = new CheckRunAnnotations(config);
    }

    @Incoming("webhooks-in")
    @Blocking("webhooks")
    public void process(byte[] record) {
        handler.handle(record, this::submitAll, (delivery, e) -> delivery.drafts()
                .forEach(draft -> intake.recordFailure(draft.request(), config.tenant(), JobState.DEAD, "the webhook delivery could not be processed: " + e)));
    }

    private void submitAll(WebhookDelivery delivery) {
        for (JobDraft draft : delivery.drafts()) {
            // A redelivery or an equivalent event: the job exists, and repeating git or API calls could only fail it.
            if (intake.isUnderway(draft.request().idempotencyKey())) {
                continue;
            }
            // Judged before the changed files are read, so a forbidden repository is never cloned.
            if (access.check(draft.request().repository(), config.tenant(), AccessSources.of(draft.request().source().type()))
                    instanceof AccessDecision.Refused refused) {
                intake.recordFailure(draft.request(), config.tenant(), JobState.FAILED, refused.reason());
                continue;
            }
            JobRequest request;
            try {
                request = complete(draft);
            } catch (CheckRunAnnotations.Refused | CodebaseException e) {
                intake.recordFailure(draft.request(), config.tenant(), JobState.FAILED, e.getMessage());
                continue;
            }
            if (request.targetPaths().isEmpty()) {
                intake.recordFailure(request, config.tenant(), JobState.NO_CHANGE, "there is no file to work on: " + emptyReason(draft));
                continue;
            }
            intake.submitOrRecordRefusal(request, config.tenant());
        }
    }

    private JobRequest complete(JobDraft draft) {
        JobRequest request = draft.request();
        if (draft.changedFiles() != null) {
            Snapshot base = repositories.snapshot(request.repository(), draft.changedFiles().base());
            Snapshot head = repositories.snapshot(request.repository(), draft.changedFiles().head());
            return withPaths(request, base.changedFilesUpTo(head, MAX_FILES), request.instructions());
        }
        if (draft.annotationsUrl() != null) {
            List<CheckRunAnnotations.Finding> findings = annotations.list(draft.annotationsUrl());
            Set<String> paths = new LinkedHashSet<>();
            StringBuilder text = new StringBuilder(request.instructions()).append("\n\nFindings:\n");
            for (CheckRunAnnotations.Finding finding : findings) {
                if (!SafePaths.isSafe(finding.path()) || paths.size() >= MAX_FILES && !paths.contains(finding.path())) {
                    continue;
                }
                paths.add(finding.path());
                if (text.length() < MAX_FINDINGS_CHARS) {
                    text.append("- ").append(finding.path()).append(':').append(finding.line()).append(": ").append(finding.level())
                            .append(": ").append(UntrustedText.clean(finding.title())).append(' ')
                            .append(UntrustedText.clean(finding.message())).append('\n');
                }
            }
            return withPaths(request, List.copyOf(paths), text.toString());
        }
        return request;
    }

    private static String emptyReason(JobDraft draft) {
        return draft.changedFiles() != null ? "the pull request adds or modifies no file" : "the check run's annotations name no file";
    }

    private static JobRequest withPaths(JobRequest request, List<String> paths, String instructions) {
        return new JobRequest(request.kind(), request.repository(), request.baseRef(), paths, instructions, request.outputSchema(),
                request.laneHint(), request.source(), request.idempotencyKey());
    }
}
