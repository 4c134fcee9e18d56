package dev.patchlane.sink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.GitHubSettings;
import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.github.RateLimitPolicy;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.prepare.PatchPreparer;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One outcome, delivered three times at once to three separate "processes" (each its own mirror cache and GitHub
 * client, no lock in common), or delivered again after a process died between pushing and opening the pull request,
 * ends as one branch, one commit, one pull request and one patch file: every effect is found before it is made.
 */
class ExactlyOneEffectTest {

    private static final String REPOSITORY = "acme/service";
    private static final String TOKEN = "ghs_exactlyOnceTestToken000000000000000";

    @TempDir
    Path tmp;

    private GitHubStub github;
    private Fixture fixture;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        github = GitHubStub.start().repository(REPOSITORY, "main").acceptToken(TOKEN);
        fixture = Fixture.create(tmp, tmp.resolve("github/" + REPOSITORY + ".git"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        github.close();
    }

    /** What one process builds: its own mirror cache, GitHub client and publishers; only the remotes are shared. */
    private final class Process {

        final PatchPreparer preparer;
        final GitHubPublisher gitHub;
        final PatchFilePublisher patchFiles = new PatchFilePublisher(tmp.resolve("patches"));

        Process(String name, Publisher branchPushOverride) {
            RepositoryCache cache = new RepositoryCache(tmp.resolve("cache-" + name), Duration.ofMinutes(5));
            closing.add(cache);
            preparer = new PatchPreparer(cache);
            GitHubPullRequests pulls = new GitHubPullRequests(GitHubSettings.forToken(github.url(), TOKEN)
                    .withRateLimits(new RateLimitPolicy(Duration.ofSeconds(60), 5, Duration.ofMinutes(15), Duration.ofMillis(200))),
                    Sleeper.real());
            closing.add(pulls);
            Publisher push = branchPushOverride != null ? branchPushOverride
                    : new GitRemotePublisher(GitHubPublisher.NAME, patch -> fixture.remote.toString(), patch -> false, Optional.empty());
            gitHub = new GitHubPublisher(pulls, push, job -> REPOSITORY, true, List.of("patchlane", "lint"));
        }

        Process(String name) {
            this(name, null);
        }

        List<PublicationTarget> deliver(Outcome outcome) {
            return publish(prepare(outcome));
        }

        PreparedPatch prepare(Outcome outcome) {
            return preparer.prepare(outcome, dev.patchlane.codebase.safety.SafetyPolicy.defaults());
        }

        List<PublicationTarget> publish(PreparedPatch prepared) {
            return List.of(patchFiles.publish(prepared), gitHub.publish(prepared));
        }
    }

    @Test
    void threeConcurrentDeliveriesMakeOneBranchOneCommitOnePullRequestAndOneFile() throws Exception {
        Outcome outcome = fixture.outcome();
        List<Process> processes = List.of(new Process("1"), new Process("2"), new Process("3"));
        CyclicBarrier together = new CyclicBarrier(processes.size());
        ExecutorService pool = Executors.newFixedThreadPool(processes.size());
        List<List<PublicationTarget>> results = new ArrayList<>();
        try {
            List<Future<List<PublicationTarget>>> deliveries = new ArrayList<>();
            for (Process process : processes) {
                deliveries.add(pool.submit(() -> {
                    // Each process clones and prepares first; the effects then start at the same instant.
                    PreparedPatch prepared = process.prepare(outcome);
                    together.await();
                    return process.publish(prepared);
                }));
            }
            for (Future<List<PublicationTarget>> delivery : deliveries) {
                results.add(delivery.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, github.pulls().size(), "one pull request: " + github.pulls());
        GitHubStub.Pull pull = github.pulls().get(0);
        assertTrue(pull.draft(), "draft by default");
        assertEquals(List.of("patchlane", "lint"), pull.labels());
        assertEquals("main", pull.base());
        for (List<PublicationTarget> targets : results) {
            assertTrue(targets.get(1).location().endsWith("/pull/" + pull.number()), "every delivery names the same pull request: " + targets);
        }
        assertEquals(1, results.stream().filter(t -> t.get(1).effect() == PublishEffect.CREATED).count(), results.toString());
        assertEquals(1, results.stream().filter(t -> t.get(0).effect() == PublishEffect.CREATED).count(), "one patch file written");
        assertOneBotCommitOnTheBranch(results.get(0).get(1).commit());
        assertPatchFileApplies(Path.of(results.get(0).get(0).location()));
    }

    @Test
    void aCrashBetweenPushingTheBranchAndOpeningThePullRequestIsRepairedByTheRedelivery() throws Exception {
        Outcome outcome = fixture.outcome();
        GitRemotePublisher realPush = new GitRemotePublisher(GitHubPublisher.NAME, patch -> fixture.remote.toString(), patch -> false, Optional.empty());
        Publisher pushThenDie = patch -> {
            realPush.publish(patch);
            throw new ProcessKilled();
        };
        Process dying = new Process("dying", pushThenDie);
        assertThrows(ProcessKilled.class, () -> dying.deliver(outcome));
        assertTrue(github.pulls().isEmpty(), "the process died before opening the pull request");

        List<PublicationTarget> redelivered = new Process("restarted").deliver(outcome);

        PublicationTarget pullRequest = redelivered.get(1);
        assertEquals(PublishEffect.CREATED, pullRequest.effect());
        assertEquals("branch already published", pullRequest.detail(), "the restarted process found the pushed branch");
        assertEquals(1, github.pulls().size());
        assertOneBotCommitOnTheBranch(pullRequest.commit());
        assertEquals(PublishEffect.ALREADY_PUBLISHED, new Process("again").deliver(outcome).get(1).effect(), "and a third delivery changes nothing");
        assertEquals(1, github.pulls().size());
    }

    @Test
    void aPullRequestAPersonClosedIsNeitherReopenedNorRecreated() throws Exception {
        Outcome outcome = fixture.outcome();
        new Process("first").deliver(outcome);
        GitHubStub.Pull pull = github.pulls().get(0);
        github.closePull(pull.number(), false);
        Fixture.git(fixture.remote, "branch", "-D", pull.head());
        int mutatingBefore = mutatingCalls();

        PublicationTarget again = new Process("second").deliver(outcome).get(1);

        assertEquals(PublishEffect.CLOSED_BY_HUMAN, again.effect());
        assertTrue(again.detail().contains("#" + pull.number()), again.detail());
        assertEquals(mutatingBefore, mutatingCalls(), "no call that changes anything on GitHub");
        assertFalse(Fixture.git(fixture.remote, "branch", "--list", pull.head()).contains(pull.head()), "the deleted branch stays deleted");
        assertEquals(1, github.pulls().size());
    }

    @Test
    void aBranchSomeoneAddedCommitsToIsLeftAloneAndSaysSo() throws Exception {
        Outcome outcome = fixture.outcome();
        List<PublicationTarget> first = new Process("first").deliver(outcome);
        String branch = github.pulls().get(0).head();
        Path work = tmp.resolve("human");
        Fixture.git(tmp, "clone", "-q", "-b", branch, fixture.remote.toString(), work.toString());
        Files.writeString(work.resolve("NOTES.md"), "reviewed\n");
        Fixture.git(work, "add", "NOTES.md");
        Fixture.git(work, "-c", "user.name=Grace", "-c", "user.email=grace@example.com", "commit", "-q", "-m", "review notes");
        Fixture.git(work, "push", "-q", "origin", branch);
        String humanHead = Fixture.git(fixture.remote, "rev-parse", branch).strip();

        Outcome retried = fixture.outcome();
        retried = new Outcome(retried.schemaVersion(), retried.routed(), retried.lane(), retried.baseCommit(), retried.result(), retried.patch(),
                retried.summary(), false, retried.usage(), retried.costUsd(), retried.timings(), retried.decoder(), retried.history(),
                retried.finishedAt().plusSeconds(90));
        PublicationTarget again = new Process("second").deliver(retried).get(1);

        assertEquals(PublishEffect.LEFT_ALONE, again.effect());
        assertTrue(again.detail().contains("not this change alone: it holds 2 commits above the base (latest: Grace <grace@example.com>"), again.detail());
        assertEquals(first.get(1).location(), again.location(), "it names the open pull request");
        assertEquals(humanHead, Fixture.git(fixture.remote, "rev-parse", branch).strip(), "the person's commit is untouched");
        assertEquals(1, github.pulls().size());
    }

    private int mutatingCalls() {
        return (int) github.requests().stream().filter(GitHubStub.Request::mutating).count();
    }

    private void assertOneBotCommitOnTheBranch(String commit) throws Exception {
        String branch = github.pulls().get(0).head();
        assertTrue(branch.startsWith("patchlane/lint-fix/"), branch);
        assertEquals(commit, Fixture.git(fixture.remote, "rev-parse", branch).strip());
        assertEquals("1", Fixture.git(fixture.remote, "rev-list", "--count", "main.." + branch).strip(), "exactly one commit");
        assertEquals(1, Fixture.git(fixture.remote, "for-each-ref", "refs/heads/patchlane/").lines().count(), "exactly one branch");
    }

    private void assertPatchFileApplies(Path patchFile) throws Exception {
        Path clone = tmp.resolve("am-check");
        Fixture.git(tmp, "clone", "-q", fixture.origin.toString(), clone.toString());
        Fixture.git(clone, "am", "-q", patchFile.toString());
        assertEquals(Fixture.AFTER, Files.readString(clone.resolve(Fixture.FILE)));
    }

    private static final class ProcessKilled extends RuntimeException {
    }
}
