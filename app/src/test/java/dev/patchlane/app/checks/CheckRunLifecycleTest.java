package dev.patchlane.app.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.app.support.Deliveries;
import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.GitHubRepository;
import dev.patchlane.app.support.GithubApiStub;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Topics;
import dev.patchlane.sink.github.GitHubStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A GitHub job's check run through the whole pipeline on a real broker, against the GitHub stub over a socket: its
 * lifecycle, a redelivered status, and the "Retry on deep lane" button coming back as a signed {@code check_run}
 * {@code requested_action} delivery.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class CheckRunLifecycleTest {

    private final GitHubRepository github = GitHubRepository.instance(TestPipeline.dataDir());

    private String head() {
        return Git.run(github.dir(), "rev-parse", "HEAD").strip();
    }

    /** GitHub's failed check run with findings, moved to acme/service at its head commit. */
    private ObjectNode failedLint(String head) {
        ObjectNode payload = Deliveries.fixture("check-run-completed-failure");
        ObjectNode run = (ObjectNode) payload.path("check_run");
        run.put("id", 4).put("head_sha", head);
        ((ObjectNode) run.path("check_suite")).put("head_sha", head);
        ((ObjectNode) run.path("output")).put("annotations_url", GithubApiStub.instance().url() + GithubApiStub.SERVICE_ANNOTATIONS_PATH);
        ObjectNode repository = (ObjectNode) payload.path("repository");
        repository.put("full_name", GitHubRepository.FULL_NAME).put("name", "service").put("clone_url", "https://github.com/acme/service.git");
        return payload;
    }

    private static ObjectNode click(String jobId, String head, String sender) {
        ObjectNode payload = Deliveries.fixture("check-run-requested-action");
        ((ObjectNode) payload.path("check_run")).put("external_id", jobId).put("head_sha", head);
        ((ObjectNode) payload.path("sender")).put("login", sender);
        return payload;
    }

    private List<GitHubStub.CheckRun> runsOf(String jobId) {
        return github.stub().checkRuns().stream().filter(run -> jobId.equals(run.externalId())).toList();
    }

    private static JobStatus awaitTerminal(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Optional.ofNullable(Jobs.status(id)).map(JobStatus::isTerminal).orElse(false));
        return Jobs.status(id);
    }

    @Test
    void aGithubJobsCheckRunMovesWithItAndItsRetryButtonResubmitsItDeepOnce() {
        GitHubStub stub = github.stub();
        String head = head();
        // The pull request fails twice first, so the job sits in PATCH_READY while its earlier steps are reported.
        String pulls = "/repos/" + GitHubRepository.FULL_NAME + "/pulls";
        stub.enqueue("POST", pulls, GitHubStub.status(502, GitHubStub.error("Server Error")));
        stub.enqueue("POST", pulls, GitHubStub.status(502, GitHubStub.error("Server Error")));
        Response delivered = Deliveries.send("check_run", Deliveries.newDeliveryId(), failedLint(head));
        assertEquals(202, delivered.statusCode(), delivered.asString());
        String id = delivered.jsonPath().getList("jobs", String.class).get(0);

        JobStatus status = awaitTerminal(id);
        assertEquals(JobState.PUBLISHED, status.state(), status.reason());
        assertEquals(Lane.FAST, status.lane());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runsOf(id).stream().anyMatch(run -> "completed".equals(run.status())));
        List<GitHubStub.CheckRun> runs = runsOf(id);
        assertEquals(1, runs.size(), runs.toString());
        GitHubStub.CheckRun run = runs.get(0);
        assertEquals(head, run.headSha());
        assertEquals("patchlane", run.name());
        assertEquals(GitHubRepository.APP_ID, run.appId());
        assertEquals("queued", run.history().get(0), run.history().toString());
        assertTrue(run.history().contains("in_progress"), run.history().toString());
        assertEquals("completed:success", run.history().get(run.history().size() - 1), run.history().toString());
        assertEquals(1, run.history().stream().filter(h -> h.startsWith("completed")).count(), run.history().toString());
        assertEquals("Published as a pull request", run.title());
        assertEquals("http://patchlane.test/dashboard/jobs/" + id, run.detailsUrl());
        String pullUrl = status.publication().targets().stream().filter(t -> t.publisher().equals("github")).findFirst().orElseThrow().location();
        String routed = status.history().stream().filter(t -> t.state() == JobState.ROUTED).findFirst().orElseThrow().reason();
        for (String expected : List.of(pullUrl, "http://patchlane.test/dashboard/jobs/" + id, "### Route", routed.substring(0, Math.min(40, routed.length())),
                "### Verification")) {
            assertTrue(run.summary().contains(expected), "the summary shows " + expected + ":\n" + run.summary());
        }
        assertEquals(List.of("retry-deep"), run.actions(), "a fast-lane success offers the deep lane");

        // A status record of the job delivered again (its RUNNING step) moves nothing, nor is a second run made.
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        byte[] running = TopicReader.readAll(bootstrap, Topics.STATUS).stream().filter(r -> id.equals(r.key()) && r.value() != null)
                .filter(r -> Json.read(r.value(), JobStatus.class).state() == JobState.RUNNING).findFirst().orElseThrow().value();
        long writesBefore = checkRunWrites(stub);
        TopicReader.write(bootstrap, Topics.STATUS, id, running);
        TopicReader.awaitConsumed(bootstrap, "patchlane-checks", Topics.STATUS, Duration.ofSeconds(30));
        assertEquals(writesBefore, checkRunWrites(stub), "no check-run call for a redelivered step");
        assertEquals(List.of(run), runsOf(id));

        // The button: a signed requested_action resubmits the job forced deep, under a key derived from it.
        Response retried = Deliveries.send("check_run", Deliveries.newDeliveryId(), click(id, head, "octocat"));
        assertEquals(202, retried.statusCode(), retried.asString());
        String retryId = retried.jsonPath().getList("jobs", String.class).get(0);
        assertEquals(JobIds.fromIdempotencyKey("github:retry-deep:" + id), retryId);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> submitted(retryId).isPresent());
        Job retry = submitted(retryId).get();
        Job original = submitted(id).orElseThrow();
        assertEquals(Lane.DEEP, retry.laneHint());
        assertEquals(original.targetPaths(), retry.targetPaths());
        assertEquals(original.instructions(), retry.instructions());
        assertEquals(original.baseRef(), retry.baseRef());
        assertEquals(head, retry.source().commit());
        assertEquals("octocat", retry.source().name());

        // The router honours the hint, and the retry, a GitHub job on the same commit, gets a check run of its own.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Jobs.status(retryId) != null && Jobs.status(retryId).lane() == Lane.DEEP);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !runsOf(retryId).isEmpty());
        assertEquals(head, runsOf(retryId).get(0).headSha());
        assertEquals(1, runsOf(id).size(), "the original's run is untouched");

        // A second click, or GitHub redelivering the first, is the same job.
        Response again = Deliveries.send("check_run", Deliveries.newDeliveryId(), click(id, head, "octocat"));
        assertEquals(200, again.statusCode(), again.asString());
        assertTrue(again.jsonPath().getBoolean("duplicate"), again.asString());
        assertEquals(List.of(retryId), again.jsonPath().getList("jobs", String.class));
        assertEquals(1, TopicReader.readAll(bootstrap, Topics.SUBMITTED).stream().filter(r -> retryId.equals(r.key())).count());

        // Refusals: ignored with the reason, nothing stored.
        long written = TopicReader.appended(bootstrap, Topics.WEBHOOKS, Topics.SUBMITTED);
        assertIgnored(click(UUID.randomUUID().toString(), head, "octocat"), "is no patchlane job");
        assertIgnored(click(id, head, "mallory"), "has read permission");
        assertIgnored(click(id, head, "stranger"), "has none permission");
        assertIgnored(click(id, "0".repeat(40), "octocat"), "not " + "0".repeat(40));
        ObjectNode oversized = click(id, head, "octocat");
        ((ObjectNode) oversized.path("requested_action")).put("identifier", "retry-deep".repeat(3));
        assertIgnored(oversized, "longer than GitHub's 20");
        ObjectNode malformed = click(id, head, "octocat");
        malformed.remove("requested_action");
        assertIgnored(malformed, "no requested_action.identifier");
        assertEquals(written, TopicReader.appended(bootstrap, Topics.WEBHOOKS, Topics.SUBMITTED));
    }

    private static void assertIgnored(ObjectNode payload, String reason) {
        Response response = Deliveries.send("check_run", Deliveries.newDeliveryId(), payload);
        assertEquals(200, response.statusCode(), response.asString());
        String ignored = response.jsonPath().getString("ignored");
        assertTrue(ignored != null && ignored.contains(reason), reason + ": " + response.asString());
        assertFalse(response.asString().contains("\"jobs\""), response.asString());
    }

    private static Optional<Job> submitted(String id) {
        return TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED).stream().filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), Job.class)).findFirst();
    }

    private static long checkRunWrites(GitHubStub stub) {
        return stub.requests().stream().filter(r -> r.mutating() && r.path().contains("/check-runs")).count();
    }
}
