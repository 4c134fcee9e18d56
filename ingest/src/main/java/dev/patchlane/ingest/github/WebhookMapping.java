package dev.patchlane.ingest.github;

import dev.patchlane.contracts.WebhookDelivery;

/** What a GitHub delivery means to patchlane. */
public sealed interface WebhookMapping {

    /** Nothing to do, and why; answered with a 2xx so GitHub does not show the delivery as failed. */
    record Ignored(String reason) implements WebhookMapping {
    }

    /** A click on a check run's "Retry on deep lane", still to be authorised against the job it names and the sender. */
    record Retry(dev.patchlane.ingest.github.retry.DeepRetryRequest request) implements WebhookMapping {
    }

    /** Jobs to create. */
    record Act(WebhookDelivery delivery) implements WebhookMapping {
    }

    /** A branch moved: patchlane's pull requests on it may need their patch made again on the new base. */
    record BaseMoved(dev.patchlane.ingest.github.push.BaseMove move) implements WebhookMapping {
    }
}
