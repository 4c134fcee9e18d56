package dev.patchlane.ingest.github;

import static dev.patchlane.ingest.github.GithubFixtures.ignoredReason;
import static dev.patchlane.ingest.github.GithubFixtures.map;
import static dev.patchlane.ingest.github.GithubFixtures.onlyDraft;
import static dev.patchlane.ingest.github.GithubFixtures.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class GithubEventMapperCheckRunsTest {

    private static final String HEAD = "c7637689721c96164b5ef47760d2beb0029a7321";

    private static ObjectNode run(ObjectNode payload) {
        return (ObjectNode) payload.path("check_run");
    }

    @Test
    void failedCheckRunAsksForALintFixOfItsAnnotations() {
        JobDraft draft = onlyDraft(map("check_run", payload("check-run-completed-failure.json")));
        JobRequest request = draft.request();
        assertEquals(JobKind.LINT_FIX, request.kind());
        assertEquals(HEAD, request.baseRef());
        assertEquals("https://api.github.com/repos/octo-org/widgets/check-runs/4/annotations", draft.annotationsUrl());
        assertNull(draft.changedFiles());
        assertEquals(List.of(), request.targetPaths());
        assertEquals("github:octo-org/widgets:check-run:4@" + HEAD, request.idempotencyKey());
        assertEquals("Fix the findings the check run 'eslint' (ESLint CI) reported on octo-org/widgets. Change nothing else.",
                request.instructions());
        assertEquals("https://github.com/octo-org/widgets/runs/4", request.source().reference());
    }

    @Test
    void successfulCheckRunIsIgnored() {
        assertEquals("check run eslint concluded success", ignoredReason(map("check_run", payload("check-run-completed-success.json"))));
    }

    @Test
    void actionRequiredAlsoAsksForAFix() {
        ObjectNode payload = payload("check-run-completed-failure.json");
        run(payload).put("conclusion", "action_required");
        assertEquals(JobKind.LINT_FIX, onlyDraft(map("check_run", payload)).request().kind());
    }

    @Test
    void failureWithoutAnnotationsIsIgnored() {
        ObjectNode payload = payload("check-run-completed-failure.json");
        ((ObjectNode) run(payload).path("output")).put("annotations_count", 0);
        assertTrue(ignoredReason(map("check_run", payload)).contains("without annotations"));
    }

    @Test
    void checkRunNotYetCompletedIsIgnored() {
        ObjectNode payload = payload("check-run-completed-failure.json");
        payload.put("action", "created");
        assertEquals("check_run.created is not acted on", ignoredReason(map("check_run", payload)));
    }

    @Test
    void failureOnPatchlanesOwnBranchIsIgnored() {
        ObjectNode payload = payload("check-run-completed-failure.json");
        ((ObjectNode) run(payload).path("check_suite")).put("head_branch", "patchlane/job-9");
        assertTrue(ignoredReason(map("check_run", payload)).contains("patchlane/job-9"));
    }

    @Test
    void checkRunsSentByABotStillCount() {
        // CI apps such as github-actions[bot] are the usual senders of check runs.
        ObjectNode payload = payload("check-run-completed-failure.json");
        ((ObjectNode) payload.path("sender")).put("login", "github-actions[bot]").put("type", "Bot");
        assertEquals(JobKind.LINT_FIX, onlyDraft(map("check_run", payload)).request().kind());
    }

    @Test
    void aCheckRunOnAForksPullRequestIsIgnored() {
        ObjectNode payload = payload("check-run-completed-failure.json");
        ((ObjectNode) run(payload).withArray("pull_requests").get(0).path("head").path("repo")).put("id", 999);
        assertTrue(ignoredReason(map("check_run", payload)).contains("fork"));
    }

    @Test
    void aCheckRunOnNoBranchOfThisRepositoryIsIgnored() {
        ObjectNode payload = payload("check-run-completed-failure.json");
        run(payload).putArray("pull_requests");
        ((ObjectNode) run(payload).path("check_suite")).putNull("head_branch");
        assertTrue(ignoredReason(map("check_run", payload)).contains("not on a branch"));
    }
}
