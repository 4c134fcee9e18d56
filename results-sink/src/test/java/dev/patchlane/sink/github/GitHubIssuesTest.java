package dev.patchlane.sink.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Progress issues against the GitHub stub over a socket: found before created, found again after, edited in place. */
class GitHubIssuesTest {

    private static final String REPO = "acme/widgets";
    private static final String MARKER = "<!-- patchlane:migration:m-1:acme/widgets -->";
    private static final String LABEL = "patchlane-progress";
    private static final RateLimitPolicy FAST = new RateLimitPolicy(Duration.ofSeconds(60), 5, Duration.ofMinutes(15), Duration.ofMillis(10));

    private final String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
    private GitHubStub stub;
    private GitHubPullRequests pulls;
    private GitHubIssues issues;

    @BeforeEach
    void start() {
        stub = GitHubStub.start().repository(REPO, "main").acceptToken(token);
        pulls = new GitHubPullRequests(new GitHubSettings(stub.url(), Optional.of(token), Optional.empty(), FAST), new RecordingSleeper());
        issues = new GitHubIssues(pulls);
    }

    @AfterEach
    void stop() {
        pulls.close();
        stub.close();
    }

    @Test
    void createsOnceThenFindsItAgainFromAFreshClient() {
        GitHubIssues.KeptIssue created = issues.ensure(REPO, "patchlane migration: m", LABEL, MARKER, MARKER + "\nfirst");
        GitHubStub.Issue issue = stub.issues().get(0);
        assertEquals(created.number(), issue.number());
        assertEquals(List.of(LABEL), issue.labels());
        assertEquals(GitHubStub.BOT, issue.user());

        // another process (nothing remembered) finds the same issue, closed or not, and creates nothing
        GitHubIssues restarted = new GitHubIssues(pulls);
        GitHubIssues.KeptIssue found = restarted.ensure(REPO, "patchlane migration: m", LABEL, MARKER, MARKER + "\nsecond");
        assertEquals(created.number(), found.number());
        assertEquals(MARKER + "\nfirst", found.body());
        assertEquals(1, stub.issues().size());
        GitHubStub.Request lookup = stub.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals("/repos/acme/widgets/issues"))
                .findFirst().orElseThrow();
        assertTrue(lookup.query().contains("labels=" + LABEL) && lookup.query().contains("state=all"), lookup.query());

        restarted.editBody(REPO, found.number(), MARKER + "\nsecond");
        assertEquals(MARKER + "\nsecond", stub.issues().get(0).body());
    }

    @Test
    void aMarkerSomeoneElsePastedOrQuotedIsNotTheBotsIssue() {
        // a person's issue with the label and the marker, and the bot's own issue quoting the marker further down
        stub.addIssue(REPO, "looks like ours", "octocat", MARKER + "\nby octocat", List.of(LABEL));
        issues.ensure(REPO, "other", LABEL, "<!-- patchlane:migration:m-2:acme/widgets -->", "<!-- patchlane:migration:m-2:acme/widgets -->\n" + MARKER);
        GitHubIssues.KeptIssue ours = issues.ensure(REPO, "patchlane migration: m", LABEL, MARKER, MARKER + "\nbody");
        assertEquals(3, stub.issues().size());
        assertEquals(GitHubStub.BOT, stub.issues().stream().filter(i -> i.number() == ours.number()).findFirst().orElseThrow().user());
    }

    @Test
    void twoCreatorsRacingLeaveOneIssueAndCloseTheLaterAsADuplicate() {
        GitHubIssues.KeptIssue first = issues.ensure(REPO, "patchlane migration: m", LABEL, MARKER, MARKER + "\nfirst");
        // the other replica's lookup ran before the first issue existed
        stub.enqueue("GET", "/repos/acme/widgets/issues", GitHubStub.status(200, "[]"));
        GitHubIssues.KeptIssue second = new GitHubIssues(pulls).ensure(REPO, "patchlane migration: m", LABEL, MARKER, MARKER + "\nsecond");

        assertEquals(first.number(), second.number(), "the earlier issue answers");
        List<GitHubStub.Issue> all = stub.issues();
        assertEquals(2, all.size());
        GitHubStub.Issue duplicate = all.get(1);
        assertEquals("closed", duplicate.state());
        assertEquals("not_planned", duplicate.stateReason());
        assertFalse(duplicate.body().contains(MARKER), "no lookup finds the duplicate again");
        assertEquals("open", all.get(0).state());
    }

    @Test
    void aBodyOverGitHubsLimitIsRefusedWithGitHubsReason() {
        GitHubIssues.KeptIssue kept = issues.ensure(REPO, "t", LABEL, MARKER, MARKER + "\nshort");
        GitHubApiException refused = assertThrows(GitHubApiException.class,
                () -> issues.editBody(REPO, kept.number(), MARKER + "x".repeat(GitHubStub.MAX_BODY_CHARS)));
        assertTrue(refused.getMessage().contains("body is too long (maximum is 65536 characters)"), refused.getMessage());
    }

    @Test
    void aBodyThatDoesNotOpenWithItsMarkerIsABug() {
        assertThrows(IllegalArgumentException.class, () -> issues.ensure(REPO, "t", LABEL, MARKER, "text\n" + MARKER));
        assertTrue(stub.issues().isEmpty());
    }
}
