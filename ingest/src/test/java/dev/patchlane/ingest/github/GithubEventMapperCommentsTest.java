package dev.patchlane.ingest.github;

import static dev.patchlane.ingest.github.GithubFixtures.delivery;
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
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Lane;
import java.util.List;
import org.junit.jupiter.api.Test;

class GithubEventMapperCommentsTest {

    private static final String WIDGET = "src/main/java/com/example/Widget.java";

    private static ObjectNode withComment(String fixture, String body) {
        ObjectNode payload = payload(fixture);
        ((ObjectNode) payload.path("comment")).put("body", body);
        return payload;
    }

    @Test
    void fixCommandFromAMemberTargetsTheNamedFile() {
        WebhookMapping mapping = map("issue_comment", payload("issue-comment-fix.json"));
        assertEquals("created", delivery(mapping).action());
        JobDraft draft = onlyDraft(mapping);
        JobRequest request = draft.request();
        assertEquals(JobKind.ISSUE, request.kind());
        assertEquals(List.of(WIDGET), request.targetPaths());
        assertEquals("main", request.baseRef());
        assertEquals("github:octo-org/widgets#17:fix:" + WIDGET, request.idempotencyKey());
        assertEquals(new JobSource("github", "hubot-human", "https://github.com/octo-org/widgets/issues/17#issuecomment-1900000001"),
                request.source());
        assertTrue(request.instructions().endsWith("Requested in a comment:\n/patchlane fix " + WIDGET), request.instructions());
        assertTrue(draft.untrustedText().endsWith("\n\n---\n/patchlane fix " + WIDGET));
    }

    @Test
    void testsCommandOnAPullRequestWorksOnItsChangedFiles() {
        JobDraft draft = onlyDraft(map("issue_comment", payload("issue-comment-on-pr-tests.json")));
        JobRequest request = draft.request();
        assertEquals(JobKind.TEST_GENERATION, request.kind());
        assertEquals("refs/pull/42/head", request.baseRef());
        assertEquals(new JobDraft.RefRange("main", "refs/pull/42/head"), draft.changedFiles());
        assertEquals(List.of(), request.targetPaths());
    }

    @Test
    void testsCommandOnAPullRequestIsKeyedAndWordedForThePullRequest() {
        JobRequest request = onlyDraft(map("issue_comment", payload("issue-comment-on-pr-tests.json"))).request();
        assertEquals("refs/pull/42/head", request.baseRef());
        assertEquals("github:octo-org/widgets#42:tests", request.idempotencyKey());
        assertTrue(request.instructions().startsWith("Write tests for the code changed in pull request #42 in octo-org/widgets."));
    }

    @Test
    void deepCommandForcesTheDeepLane() {
        JobRequest request = onlyDraft(map("issue_comment", withComment("issue-comment-fix.json", "/patchlane deep " + WIDGET))).request();
        assertEquals(JobKind.ISSUE, request.kind());
        assertEquals(Lane.DEEP, request.laneHint());
    }

    @Test
    void commandFromAnUntrustedAuthorIsIgnored() {
        String reason = ignoredReason(map("issue_comment", payload("issue-comment-untrusted.json")));
        assertTrue(reason.contains("author_association NONE"), reason);
    }

    @Test
    void botSenderIsIgnored() {
        assertTrue(ignoredReason(map("issue_comment", payload("issue-comment-bot.json"))).contains("bot"));
    }

    @Test
    void botCommentAuthorIsIgnoredWhateverTheSender() {
        ObjectNode payload = payload("issue-comment-fix.json");
        ((ObjectNode) payload.path("comment").path("user")).put("type", "Bot");
        assertEquals("the comment's author is a bot", ignoredReason(map("issue_comment", payload)));
    }

    @Test
    void ordinaryCommentIsIgnored() {
        assertTrue(ignoredReason(map("issue_comment", payload("issue-comment-no-command.json"))).contains("no /patchlane command"));
    }

    @Test
    void commandInsideAnHtmlCommentIsNotACommand() {
        String reason = ignoredReason(map("issue_comment", withComment("issue-comment-fix.json", "<!--\n/patchlane fix a.java\n-->")));
        assertTrue(reason.contains("no /patchlane command"), reason);
    }

    @Test
    void unknownVerbIsIgnoredWithTheKnownOnes() {
        String reason = ignoredReason(map("issue_comment", withComment("issue-comment-fix.json", "/patchlane rm -rf")));
        assertEquals("unknown command 'rm'; known: fix, lint, tests, deep", reason);
    }

    @Test
    void editedCommentIsIgnored() {
        ObjectNode payload = payload("issue-comment-fix.json");
        payload.put("action", "edited");
        assertEquals("issue_comment.edited is not acted on", ignoredReason(map("issue_comment", payload)));
    }

    @Test
    void hostilePathsInACommandFallBackToTheIssueText() {
        JobRequest request = onlyDraft(map("issue_comment", withComment("issue-comment-fix.json", "/patchlane fix ../../etc/passwd .git/hooks/pre-commit")))
                .request();
        assertTrue(request.targetPaths().contains(WIDGET), request.targetPaths()::toString);
        assertTrue(request.targetPaths().stream().noneMatch(p -> p.contains("..") || p.contains(".git/")), request.targetPaths()::toString);
        assertNull(request.laneHint());
    }
}
