package dev.patchlane.ingest.github;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.SchemaValidator;
import dev.patchlane.contracts.WebhookDelivery;
import dev.patchlane.ingest.IngestConfig;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.pipeline.status.JobStatusView;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Writes a delivery patchlane acts on to Kafka, unless every job it asks for already exists. */
@ApplicationScoped
public class WebhookIntake {

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    @Inject
    JobStatusView statusView;

    @Inject
    IngestConfig config;

    @Inject
    @Channel("webhooks-out")
    MutinyEmitter<byte[]> deliveries;

    /** What became of a delivery: its job ids, and whether they all existed already. */
    public record Receipt(List<String> jobIds, boolean duplicate, List<String> states) {
    }

    /** Returns the receipt, or throws when the delivery could not be checked against existing jobs or made durable. */
    public Receipt accept(WebhookDelivery delivery) {
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.WEBHOOK_DELIVERY, Json.tree(delivery));
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("the event maps to no valid job: " + violations);
        }
        if (!statusView.awaitReplayed(config.statusReplayWait())) {
            throw new IllegalStateException("the status view is still loading");
        }
        List<String> ids = delivery.drafts().stream().map(JobDraft::request).map(r -> JobIds.fromIdempotencyKey(r.idempotencyKey())).toList();
        List<Optional<JobStatus>> known = ids.stream().map(statusView::get).toList();
        if (known.stream().allMatch(Optional::isPresent)) {
            return new Receipt(ids, true, known.stream().map(s -> s.get().state().name()).toList());
        }
        KafkaSender.send(deliveries, delivery.deliveryId(), delivery);
        LOG.infof("delivery %s (%s.%s on %s by %s) queued jobs %s", delivery.deliveryId(), delivery.event(), delivery.action(),
                delivery.repository(), delivery.sender(), ids);
        return new Receipt(ids, false, List.of());
    }
}
