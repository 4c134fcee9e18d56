package dev.patchlane.ingest.github;

import static dev.patchlane.ingest.github.GithubFixtures.DELIVERY;
import static dev.patchlane.ingest.github.GithubFixtures.RECEIVED;
import static dev.patchlane.ingest.github.GithubFixtures.mapper;
import static dev.patchlane.ingest.github.GithubFixtures.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.ingest.github.push.BaseMove;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GitHub's push payload (fixture from the documented fields) becomes a base move, and nothing else does. */
class PushMappingTest {

    @Test
    void aBranchThatMovedIsABaseMove() {
        WebhookMapping mapping = mapper().map("push", DELIVERY, payload("push.json"), RECEIVED);
        BaseMove move = assertInstanceOf(WebhookMapping.BaseMoved.class, mapping).move();
        assertEquals(new BaseMove(DELIVERY, "octo-org/widgets", "main", "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", false, RECEIVED), move);
    }

    @Test
    void aMergeQueueBotMovingTheBaseStillCounts() {
        ObjectNode push = payload("push.json");
        ((ObjectNode) push.get("sender")).put("login", "github-merge-queue[bot]").put("type", "Bot");
        assertInstanceOf(WebhookMapping.BaseMoved.class, mapper().map("push", DELIVERY, push, RECEIVED));
    }

    @Test
    void aTagPushIsIgnored() {
        assertIgnored(p -> p.put("ref", "refs/tags/v1.2.0"), "push of tag v1.2.0: only branches are bases");
    }

    @Test
    void aRefThatIsNoBranchIsIgnored() {
        assertIgnored(p -> p.put("ref", "refs/notes/commits"), "push of refs/notes/commits, which is not a branch");
        assertIgnored(p -> p.putNull("ref"), "push carries no ref");
        assertIgnored(p -> p.put("ref", 42), "push carries no ref");
    }

    @Test
    void aDeletedBranchIsIgnored() {
        assertIgnored(p -> p.put("deleted", true).put("after", "0".repeat(40)), "branch main was deleted; its pull requests are GitHub's to close");
    }

    @Test
    void aCreatedBranchIsIgnored() {
        assertIgnored(p -> p.put("created", true).put("before", "0".repeat(40)),
                "branch main was created: no pull request can have it as its base yet");
    }

    @Test
    void aPushThatMovesNothingIsIgnored() {
        assertIgnored(p -> p.put("before", p.get("after").asText()), "push of main did not move it");
    }

    @Test
    void aPushToPatchlanesOwnBranchIsIgnored() {
        assertIgnored(p -> p.put("ref", "refs/heads/patchlane/lint-fix/0b0e5d6a-5c57-3b6c-9f4e-0d1a26e67d8f"),
                "push to patchlane's own branch patchlane/lint-fix/0b0e5d6a-5c57-3b6c-9f4e-0d1a26e67d8f is no base move");
    }

    @Test
    void aHugeCommitListIsNotGitHubs() {
        assertIgnored(p -> {
            ArrayNode commits = p.putArray("commits");
            for (int i = 0; i < 2049; i++) {
                commits.addObject().put("id", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
            }
        }, "push of main lists 2049 commits; GitHub sends at most 2048");
        assertIgnored(p -> p.put("commits", "many"), "push of main whose commits are not a list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "octo-org", "octo-org/widgets/extra", "octo org/widgets", "a/..", ""})
    void aRepositoryNameThatIsNoOwnerAndNameIsIgnored(String fullName) {
        WebhookMapping mapping = mapper().map("push", DELIVERY, with(p -> ((ObjectNode) p.get("repository")).put("full_name", fullName)), RECEIVED);
        assertTrue(assertInstanceOf(WebhookMapping.Ignored.class, mapping).reason().startsWith("push names no valid repository"),
                mapping.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"refs/heads/../main", "refs/heads/a..b", "refs/heads/-rf", "refs/heads/x.lock", "refs/heads/a b",
            "refs/heads/a\u0000b", "refs/heads/a@{1}", "refs/heads/", "refs/heads/a//b", "refs/heads/a/"})
    void aBranchNameGitWouldRefuseIsIgnored(String ref) {
        WebhookMapping mapping = mapper().map("push", DELIVERY, with(p -> p.put("ref", ref)), RECEIVED);
        assertTrue(assertInstanceOf(WebhookMapping.Ignored.class, mapping).reason().startsWith("push of a branch name patchlane does not accept"),
                mapping.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEAD", "0d1a26e", "0D1A26E67D8F5EAF1F6BA5C57FC3C7D91AC0FD1C", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c0"})
    void anAfterThatIsNoCommitIdIsIgnored(String after) {
        assertIgnored(p -> p.put("after", after), "push of main with before/after that are not commit ids");
    }

    private static void assertIgnored(Consumer<ObjectNode> change, String reason) {
        WebhookMapping mapping = mapper().map("push", DELIVERY, with(change), RECEIVED);
        assertEquals(reason, assertInstanceOf(WebhookMapping.Ignored.class, mapping).reason());
    }

    private static ObjectNode with(Consumer<ObjectNode> change) {
        ObjectNode push = payload("push.json");
        change.accept(push);
        return push;
    }
}
