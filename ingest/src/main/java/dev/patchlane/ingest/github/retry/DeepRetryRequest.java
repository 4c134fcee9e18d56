package dev.patchlane.ingest.github.retry;

import java.time.Instant;

/**
 * A click on "Retry on deep lane" as GitHub delivered it, checked for shape only.
 *
 * @param deliveryId GitHub's delivery id
 * @param repository the repository's full name, {@code owner/name}
 * @param cloneUrl the repository as patchlane's jobs name it
 * @param jobId the check run's {@code external_id}: the job to run again
 * @param headSha the commit the check run is on
 * @param sender the login that clicked
 * @param checkRunUrl the check run's page, kept as the new job's reference
 * @param receivedAt when patchlane received it
 */
public record DeepRetryRequest(String deliveryId, String repository, String cloneUrl, String jobId, String headSha, String sender,
        String checkRunUrl, Instant receivedAt) {
}
