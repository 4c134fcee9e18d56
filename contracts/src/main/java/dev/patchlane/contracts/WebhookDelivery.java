package dev.patchlane.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A verified GitHub delivery patchlane acts on, as written to {@link Topics#WEBHOOKS} (compacted, keyed by delivery id).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param deliveryId GitHub's {@code X-GitHub-Delivery}, the same across redeliveries
 * @param event GitHub's {@code X-GitHub-Event}
 * @param action the payload's {@code action}, or null
 * @param repository the repository's full name
 * @param sender the login that caused the event
 * @param receivedAt when patchlane received it
 * @param drafts the jobs it asks for
 */
public record WebhookDelivery(
        int schemaVersion,
        String deliveryId,
        String event,
        String action,
        String repository,
        String sender,
        Instant receivedAt,
        List<JobDraft> drafts) {

    public static final int SCHEMA_VERSION = 1;

    public WebhookDelivery {
        drafts = List.copyOf(drafts);
    }
}
