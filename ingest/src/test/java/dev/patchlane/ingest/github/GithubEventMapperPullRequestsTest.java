package dev.patchlane.ingest.github;

import static dev.patchlane.ingest.github.GithubFixtures.ignoredReason;
import static dev.patchlane.ingest.github.GithubFixtures.map;
import static dev.patchlane.ingest.github.GithubFixtures.onlyDraft;
import static dev.patchlane.ingest.github.GithubFixtures.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class GithubEventMapperPullRequestsTest {

    private static final String BASE = "908e9ada7daf8cd28137589ed61b3c6bfc823c9a";
    private static final String OPENED_HEAD = "64dc393330eb5d3c96d8fa9a1c31f87575d13ad5";
    private static final String SYNCED_HEAD = "c7637689721c96164b5ef47760d2beb0029a7321";

    private static ObjectNode pr(ObjectNode payload) {
        return (ObjectNode) payload.path("pull_request");
    }

    @Test
    void labelledPullRequestAsksForTestsOfItsChanges() {
        JobDraft draft = onlyDraft(map("pull_request", payload("pull-request-opened-labeled.json")));
        JobRequest request = draft.request();
        assertEquals(JobKind.TEST_GENERATION, request.kind());
        assertEquals(OPENED_HEAD, request.baseRef());
        assertEquals(new JobDraft.RefRange(BASE, OPENED_HEAD), draft.changedFiles());
        assertEquals(List.of(), request.targetPaths());
        assertNull(draft.annotationsUrl());
        assertEquals("github:octo-org/widgets#42:tests@" + OPENED_HEAD, request.idempotencyKey());
        assertEquals(new JobSource("github", "hubot-human", "https://github.com/octo-org/widgets/pull/42", OPENED_HEAD), request.source(),
                "the head commit travels with the job, for its check run");
        assertTrue(request.instructions().startsWith("Write tests for the code changed in pull request #42 in octo-org/widgets."));
    }

    @Test
    void newPushGetsANewKey() {
        JobDraft opened = onlyDraft(map("pull_request", payload("pull-request-opened-labeled.json")));
        JobDraft synced = onlyDraft(map("pull_request", payload("pull-request-synchronize.json")));
        assertNotEquals(opened.request().idempotencyKey(), synced.request().idempotencyKey());
        assertTrue(synced.request().idempotencyKey().endsWith("@" + SYNCED_HEAD));
        assertEquals(new JobDraft.RefRange(BASE, SYNCED_HEAD), synced.changedFiles());
    }

    @Test
    void unlabelledPullRequestIsIgnored() {
        ObjectNode payload = payload("pull-request-opened-labeled.json");
        pr(payload).putArray("labels");
        assertEquals("pull request #42 has no patchlane label", ignoredReason(map("pull_request", payload)));
    }

    @Test
    void closedPullRequestIsIgnored() {
        ObjectNode payload = payload("pull-request-opened-labeled.json");
        payload.put("action", "closed");
        assertEquals("pull_request.closed is not acted on", ignoredReason(map("pull_request", payload)));
    }

    @Test
    void untrustedAuthorCannotOpenItself() {
        ObjectNode payload = payload("pull-request-opened-labeled.json");
        pr(payload).put("author_association", "CONTRIBUTOR");
        assertTrue(ignoredReason(map("pull_request", payload)).contains("CONTRIBUTOR"));
    }

    @Test
    void labellingByTriagerActsOnAnUntrustedAuthorsPullRequest() {
        ObjectNode payload = payload("pull-request-opened-labeled.json");
        payload.put("action", "labeled");
        payload.putObject("label").put("name", "patchlane");
        pr(payload).put("author_association", "NONE");
        assertEquals(JobKind.TEST_GENERATION, onlyDraft(map("pull_request", payload)).request().kind());
    }

    @Test
    void patchlanesOwnPullRequestIsIgnored() {
        ObjectNode payload = payload("pull-request-opened-labeled.json");
        ((ObjectNode) pr(payload).path("head")).put("ref", "patchlane/job-123");
        assertEquals("pull request #42 is patchlane's own", ignoredReason(map("pull_request", payload)));
    }
}
