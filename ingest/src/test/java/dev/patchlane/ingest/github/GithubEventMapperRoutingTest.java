package dev.patchlane.ingest.github;

import static dev.patchlane.ingest.github.GithubFixtures.DELIVERY;
import static dev.patchlane.ingest.github.GithubFixtures.RECEIVED;
import static dev.patchlane.ingest.github.GithubFixtures.config;
import static dev.patchlane.ingest.github.GithubFixtures.ignoredReason;
import static dev.patchlane.ingest.github.GithubFixtures.map;
import static dev.patchlane.ingest.github.GithubFixtures.onlyDraft;
import static dev.patchlane.ingest.github.GithubFixtures.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GithubEventMapperRoutingTest {

    @Test
    void unknownEventIsIgnored() {
        assertEquals("event star is not acted on", ignoredReason(map("star", payload("issues-opened-labeled.json"))));
    }

    @Test
    void pingIsIgnored() {
        assertEquals("event ping is not acted on", ignoredReason(map("ping", payload("ping.json"))));
    }

    @ParameterizedTest
    @CsvSource({"issues,issues-opened-labeled.json", "issue_comment,issue-comment-fix.json", "pull_request,pull-request-opened-labeled.json",
            "check_run,check-run-completed-failure.json"})
    void payloadWithoutRepositoryIsIgnored(String event, String fixture) {
        ObjectNode payload = payload(fixture);
        payload.remove("repository");
        assertEquals(event + " carries no repository", ignoredReason(map(event, payload)));
    }

    @Test
    void cloneUrlOverrideReplacesThePayloadsUrl() {
        GithubEventMapper mapper = new GithubEventMapper(config(Map.of("patchlane.webhooks.github.clone-urls.\"octo-org/widgets\"",
                "/srv/mirrors/widgets.git")));
        WebhookMapping mapping = mapper.map("check_run", DELIVERY, payload("check-run-completed-failure.json"), RECEIVED);
        assertEquals("/srv/mirrors/widgets.git", onlyDraft(mapping).request().repository());
    }

    @Test
    void cloneUrlOverrideOfAnotherRepositoryChangesNothing() {
        GithubEventMapper mapper = new GithubEventMapper(config(Map.of("patchlane.webhooks.github.clone-urls.\"octo-org/other\"",
                "/srv/mirrors/other.git")));
        WebhookMapping mapping = mapper.map("check_run", DELIVERY, payload("check-run-completed-failure.json"), RECEIVED);
        assertEquals("https://github.com/octo-org/widgets.git", onlyDraft(mapping).request().repository());
    }

    @Test
    void anotherTriggerLabelIsHonoured() {
        GithubEventMapper mapper = new GithubEventMapper(config(Map.of("patchlane.webhooks.github.trigger-label", "bug")));
        WebhookMapping mapping = mapper.map("issues", DELIVERY, payload("issues-opened-unlabeled.json"), RECEIVED);
        assertEquals("github:octo-org/widgets#17:fix", onlyDraft(mapping).request().idempotencyKey());
    }
}
