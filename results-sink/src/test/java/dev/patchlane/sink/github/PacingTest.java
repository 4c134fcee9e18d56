package dev.patchlane.sink.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PacingTest {

    private static final String REPO = "acme/widgets";

    private GitHubStub stub;

    @BeforeEach
    void start() {
        stub = GitHubStub.start().repository(REPO, "main");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void mutatingCallsOfTwoInstancesForOneInstallationAreASecondApart() throws Exception {
        stub.app(7, TestKeys.PAIR.getPublic(), 99);
        GitHubSettings settings = GitHubSettings.forApp(stub.url(), new AppCredentials(7, 99, TestKeys.pkcs8Pem()));
        try (GitHubPullRequests first = new GitHubPullRequests(settings, new RecordingSleeper());
                GitHubPullRequests second = new GitHubPullRequests(settings, new RecordingSleeper())) {
            runTogether(List.of(() -> first.ensure(spec("patchlane/job-a")),
                    () -> second.ensure(spec("patchlane/job-b"))));
        }

        List<GitHubStub.Request> creates = stub.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/repos/acme/widgets/pulls")).toList();
        assertEquals(2, creates.size());
        Duration apart = Duration.between(creates.get(0).receivedAt(), creates.get(1).receivedAt());
        assertTrue(apart.compareTo(Duration.ofSeconds(1)) >= 0, "mutating calls only " + apart + " apart");
    }

    @Test
    void concurrentEnsuresOnSeparateInstancesOpenExactlyOnePullRequest() throws Exception {
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        stub.acceptToken(token);
        GitHubSettings settings = new GitHubSettings(stub.url(), Optional.of(token), Optional.empty(),
                new RateLimitPolicy(Duration.ofSeconds(60), 5, Duration.ofMinutes(15), Duration.ofMillis(300)));
        List<GitHubPullRequests> instances = List.of(new GitHubPullRequests(settings, new RecordingSleeper()),
                new GitHubPullRequests(settings, new RecordingSleeper()),
                new GitHubPullRequests(settings, new RecordingSleeper()));

        List<PullRequestResult> results = runTogether(instances.stream()
                .<Call>map(instance -> () -> instance.ensure(spec("patchlane/job-shared"))).toList());
        instances.forEach(GitHubPullRequests::close);

        assertEquals(1, stub.pulls().size());
        int number = stub.pulls().get(0).number();
        assertTrue(results.stream().allMatch(r -> r.number() == number), results.toString());
        assertEquals(1, results.stream().filter(r -> r.effect() == PullRequestEffect.CREATED).count(),
                results.toString());
        assertTrue(results.stream().allMatch(r -> r.effect() == PullRequestEffect.CREATED
                || r.effect() == PullRequestEffect.EXISTING_OPEN), results.toString());
    }

    @FunctionalInterface
    private interface Call {
        PullRequestResult run();
    }

    private static List<PullRequestResult> runTogether(List<Call> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PullRequestResult>> futures = new ArrayList<>();
            for (Call call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.run();
                }));
            }
            go.countDown();
            List<PullRequestResult> results = new ArrayList<>();
            for (Future<PullRequestResult> future : futures) {
                results.add(future.get(20, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static PullRequestSpec spec(String head) {
        return new PullRequestSpec(REPO, head, "main", "Fix", "body", true, List.of());
    }
}
