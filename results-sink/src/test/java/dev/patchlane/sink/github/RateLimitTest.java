package dev.patchlane.sink.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final String REPO = "acme/widgets";
    private static final String PULLS = "/repos/acme/widgets/pulls";

    private final String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private GitHubStub stub;

    @BeforeEach
    void start() {
        stub = GitHubStub.start().repository(REPO, "main").acceptToken(token);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void retryAfterIsWaitedExactlyThenTheCallSucceeds() {
        stub.enqueue("POST", PULLS, GitHubStub.retryAfter(429, 7));

        PullRequestResult result = ensure(policy(5, Duration.ofMinutes(15)), "job-1");

        assertEquals(PullRequestEffect.CREATED, result.effect());
        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits());
        assertEquals(2, posts(PULLS));
    }

    @Test
    void anExhaustedPrimaryLimitIsWaitedOutUntilItsReset() {
        stub.enqueue("GET", "/repos/acme/widgets", GitHubStub.primaryLimit(Duration.ofSeconds(42)));

        PullRequestResult result = ensure(policy(5, Duration.ofMinutes(15)), "job-2");

        assertEquals(PullRequestEffect.CREATED, result.effect());
        assertEquals(List.of(Duration.ofSeconds(42)), sleeper.waits());
    }

    @Test
    void aSecondaryLimitWithoutHeadersWaitsAMinuteThenLongerOnRepeats() {
        stub.enqueue("POST", PULLS, GitHubStub.secondaryLimit(403));
        stub.enqueue("POST", PULLS, GitHubStub.secondaryLimit(403));
        stub.enqueue("POST", PULLS, GitHubStub.secondaryLimit(429));

        PullRequestResult result = ensure(policy(5, Duration.ofMinutes(15)), "job-3");

        assertEquals(PullRequestEffect.CREATED, result.effect());
        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240)),
                sleeper.waits());
        assertEquals(1, stub.pulls().size());
    }

    @Test
    void aRetryAfterDateIsReadAgainstGitHubsOwnClock() {
        stub.enqueue("POST", PULLS, now -> new GitHubStub.Canned(429, Map.of("Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(now.plusSeconds(90))),
                GitHubStub.error("Too many requests")));

        ensure(policy(5, Duration.ofMinutes(15)), "job-9");

        assertEquals(1, sleeper.waits().size());
        Duration wait = sleeper.waits().get(0);
        assertTrue(wait.compareTo(Duration.ofSeconds(89)) > 0 && wait.compareTo(Duration.ofSeconds(90)) <= 0,
                wait.toString());
    }

    @Test
    void aForbiddenAnswerLimitedByGitHubIsASecondaryLimit() {
        stub.enqueue("POST", PULLS, now -> new GitHubStub.Canned(403, Map.of("gh-limited-by", "content-creation"),
                GitHubStub.error("Forbidden")));

        ensure(policy(5, Duration.ofMinutes(15)), "job-10");

        assertEquals(List.of(Duration.ofSeconds(60)), sleeper.waits());
    }

    @Test
    void readsAreRateLimitedToo() {
        stub.enqueue("GET", PULLS, GitHubStub.retryAfter(403, 3));

        ensure(policy(5, Duration.ofMinutes(15)), "job-4");

        assertEquals(List.of(Duration.ofSeconds(3)), sleeper.waits());
    }

    @Test
    void givesUpAfterMaxRetriesWithoutHub4jSendingAgain() {
        for (int i = 0; i < 4; i++) {
            stub.enqueue("POST", PULLS, GitHubStub.secondaryLimit(403));
        }

        GitHubGaveUpException gaveUp = assertThrows(GitHubGaveUpException.class,
                () -> ensure(policy(2, Duration.ofMinutes(15)), "job-5"));

        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(120)), sleeper.waits());
        assertEquals(3, posts(PULLS));
        assertTrue(gaveUp.getMessage().contains("POST /repos/acme/widgets/pulls"), gaveUp.getMessage());
        assertTrue(gaveUp.getMessage().contains("after 2 retries"), gaveUp.getMessage());
        assertFalse(gaveUp.getMessage().contains(token));
        assertTrue(stub.pulls().isEmpty());
    }

    @Test
    void givesUpAtOnceWhenTheResetIsBeyondTheBound() {
        stub.enqueue("GET", "/repos/acme/widgets", GitHubStub.primaryLimit(Duration.ofHours(1)));

        GitHubGaveUpException gaveUp = assertThrows(GitHubGaveUpException.class,
                () -> ensure(policy(5, Duration.ofMinutes(15)), "job-6"));

        assertEquals(List.of(), sleeper.waits());
        assertTrue(gaveUp.getMessage().contains("PT15M"), gaveUp.getMessage());
        assertFalse(gaveUp.getMessage().contains(token));
    }

    @Test
    void givesUpWhenTheWaitsTogetherWouldPassTheBound() {
        for (int i = 0; i < 3; i++) {
            stub.enqueue("POST", PULLS, GitHubStub.secondaryLimit(403));
        }

        assertThrows(GitHubGaveUpException.class, () -> ensure(policy(5, Duration.ofMinutes(3)), "job-7"));

        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(120)), sleeper.waits());
    }

    @Test
    void aForbiddenAnswerThatIsNoRateLimitFailsWithoutWaiting() {
        stub.enqueue("POST", PULLS, GitHubStub.status(403, GitHubStub.error("Resource not accessible by integration")));

        GitHubApiException failure = assertThrows(GitHubApiException.class,
                () -> ensure(policy(5, Duration.ofMinutes(15)), "job-8"));

        assertEquals(403, failure.status());
        assertTrue(failure.getMessage().contains("Resource not accessible by integration"), failure.getMessage());
        assertEquals(List.of(), sleeper.waits());
        assertEquals(1, posts(PULLS));
    }

    private PullRequestResult ensure(RateLimitPolicy policy, String job) {
        GitHubSettings settings = new GitHubSettings(stub.url(), Optional.of(token), Optional.empty(), policy);
        try (GitHubPullRequests pullRequests = new GitHubPullRequests(settings, sleeper)) {
            return pullRequests.ensure(new PullRequestSpec(REPO, "patchlane/" + job, "main", "Fix", "", true,
                    List.of()));
        }
    }

    private long posts(String path) {
        return stub.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals(path)).count();
    }

    private static RateLimitPolicy policy(int maxRetries, Duration maxWait) {
        return new RateLimitPolicy(Duration.ofSeconds(60), maxRetries, maxWait, Duration.ofMillis(300));
    }
}
