package dev.patchlane.ingest.github.retry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.ingest.github.WebhookMapping;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Reads a {@code check_run} {@code requested_action} delivery: which action, on which job's check run, by whom. Pure;
 * whether the job is patchlane's and the sender may ask is judged by {@link DeepRetries}.
 */
public final class DeepRetryMapping {

    /** The action's identifier; the results sink offers it under the same name. */
    public static final String IDENTIFIER = "retry-deep";
    /** GitHub's limit on an action identifier. */
    static final int MAX_IDENTIFIER_CHARS = 20;
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

    private DeepRetryMapping() {
    }

    public static WebhookMapping map(String deliveryId, JsonNode payload, String sender, String cloneUrl, Instant receivedAt) {
        JsonNode identifier = payload.path("requested_action").path("identifier");
        if (!identifier.isTextual()) {
            return ignored("check_run.requested_action carries no requested_action.identifier");
        }
        if (identifier.asText().length() > MAX_IDENTIFIER_CHARS) {
            return ignored("requested_action.identifier is longer than GitHub's " + MAX_IDENTIFIER_CHARS + " characters");
        }
        if (!IDENTIFIER.equals(identifier.asText())) {
            return ignored("requested action '" + identifier.asText().replaceAll("[^\\x20-\\x7e]", "?") + "' is not one patchlane offers ("
                    + IDENTIFIER + ")");
        }
        JsonNode run = payload.path("check_run");
        String jobId = run.path("external_id").isTextual() ? run.path("external_id").asText() : "";
        if (!JOB_ID.matcher(jobId).matches()) {
            return ignored("the check run's external_id is not a patchlane job id, so patchlane did not create it");
        }
        String head = run.path("head_sha").asText("");
        if (!SHA.matcher(head).matches()) {
            return ignored("the check run's head_sha is not a commit id");
        }
        if (!LOGIN.matcher(sender).matches()) {
            return ignored("the sender's login is not a GitHub user login");
        }
        if ("Bot".equals(payload.path("sender").path("type").asText())) {
            return ignored("sender " + sender + " is a bot; only a person may ask for a retry");
        }
        String repository = payload.path("repository").path("full_name").asText("");
        if (!repository.matches("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")) {
            return ignored("the repository's full_name is not owner/name");
        }
        return new WebhookMapping.Retry(new DeepRetryRequest(deliveryId, repository, cloneUrl, jobId, head, sender,
                run.path("html_url").isTextual() ? run.path("html_url").asText() : null, receivedAt));
    }

    private static WebhookMapping ignored(String reason) {
        return new WebhookMapping.Ignored(reason);
    }
}
