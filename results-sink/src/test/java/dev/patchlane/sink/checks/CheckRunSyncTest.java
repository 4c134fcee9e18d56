package dev.patchlane.sink.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.github.GitHubCheckRuns;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.github.MutationGate;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.github.TestKeys;
import dev.patchlane.sink.publish.Publishers;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sink "replicas" (each its own client, as two processes would have) reporting one job's statuses on the GitHub
 * stub over a socket, in the orders a rebalance and a redelivery produce: one check run, never moved back.
 */
class CheckRunSyncTest {

    private static final String REPOSITORY = "acme/service";
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String JOB = "6f1d3c2e-8a4b-3c5d-9e7f-0a1b2c3d4e5f";

    @TempDir
    Path dir;

    private GitHubStub stub;
    private PublishConfig config;

    @BeforeEach
    void start() throws Exception {
        stub = GitHubStub.start().repository(REPOSITORY, "main").app(11, TestKeys.PAIR.getPublic(), 22);
        Path key = Files.writeString(dir.resolve("app.pem"), TestKeys.pkcs1Pem());
        SmallRyeConfig smallRye = new SmallRyeConfigBuilder().withMapping(PublishConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(
                        "patchlane.publish.github.api-url", stub.url().toString(),
                        "patchlane.publish.github.app.id", "11",
                        "patchlane.publish.github.app.installation-id", "22",
                        "patchlane.publish.github.app.private-key-file", key.toString(),
                        "patchlane.publish.github.rate-limits.mutation-spacing", "1ms",
                        "patchlane.publish.github.checks.enabled", "true",
                        "patchlane.publish.github.checks.public-base-url", "https://patchlane.example/"), "test", 500))
                .build();
        config = smallRye.getConfigMapping(PublishConfig.class);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private CheckRunSync replica() {
        var settings = Publishers.githubSettings(config.github(), name -> null);
        MutationGate gate = MutationGate.jvm();
        return new CheckRunSync(new GitHubCheckRuns(settings, Sleeper.real(), gate), new GitHubPullRequests(settings, Sleeper.real(), gate), config);
    }

    private static List<JobStatus> lifecycle(String reference, String commit, JobState end, Lane lane) {
        List<Transition> history = new ArrayList<>();
        List<JobStatus> statuses = new ArrayList<>();
        Instant at = Instant.now();
        List<Transition> steps = List.of(
                new Transition(JobState.SUBMITTED, "ingest", at, null, "accepted from github"),
                new Transition(JobState.ROUTED, "router", at.plusMillis(1), lane, "1 target file; small context"),
                new Transition(JobState.RUNNING, "fast-worker", at.plusMillis(2), lane, "attempt 1"),
                new Transition(end, "fast-worker", at.plusMillis(3), lane, end == JobState.NO_CHANGE ? "nothing to change" : "the patch broke `build`"));
        for (Transition step : steps) {
            history.add(step);
            statuses.add(new JobStatus(JobStatus.SCHEMA_VERSION, JOB, JobKind.LINT_FIX, REPOSITORY,
                    new JobSource("github", "octocat", reference, commit), step.state(), step.lane(), step.reason(), Usage.NONE, null,
                    history, step.at()));
        }
        return statuses;
    }

    @Test
    void replicasTakingTurnsAndRedeliveriesLeaveOneRunThatMovesForwardOnly() {
        List<JobStatus> statuses = lifecycle("https://github.com/acme/service/runs/9", SHA, JobState.FAILED, Lane.FAST);
        CheckRunSync a = replica();
        CheckRunSync b = replica();
        assertEquals("created", a.apply(statuses.get(0)).effect());
        assertEquals("updated", b.apply(statuses.get(1)).effect(), "the other replica finds the run after a rebalance");
        assertEquals("updated", b.apply(statuses.get(2)).effect());
        assertEquals("superseded", a.apply(statuses.get(1)).effect(), "a redelivered older status does not move it back");
        assertEquals("updated", a.apply(statuses.get(3)).effect());
        assertEquals("left", b.apply(statuses.get(3)).effect(), "a completed run is never written again");
        assertEquals("left", b.apply(statuses.get(2)).effect());

        List<GitHubStub.CheckRun> runs = stub.checkRuns();
        assertEquals(1, runs.size(), runs.toString());
        GitHubStub.CheckRun run = runs.get(0);
        assertEquals(JOB, run.externalId());
        assertEquals(SHA, run.headSha());
        assertEquals("patchlane", run.name());
        assertEquals(List.of("queued", "queued", "in_progress", "completed:failure"), run.history());
        assertEquals(List.of("retry-deep"), run.actions(), "a failed job offers the deep lane");
        assertEquals("https://patchlane.example/dashboard/jobs/" + JOB, run.detailsUrl());
        assertTrue(run.summary().contains("1 target file; small context"), run.summary());
        assertTrue(run.summary().contains("the patch broke 'build'"), "the reason, in a code span: " + run.summary());
        assertTrue(run.summary().contains("(https://patchlane.example/dashboard/jobs/" + JOB + ")"), run.summary());
    }

    @Test
    void twoReplicasCreatingAtOnceLeaveOneRunReportingTheJob() throws Exception {
        List<JobStatus> statuses = lifecycle("https://github.com/acme/service/runs/9", SHA, JobState.NO_CHANGE, Lane.FAST);
        CheckRunSync a = replica();
        CheckRunSync b = replica();
        var first = new java.util.concurrent.CompletableFuture<CheckRunSync.Result>();
        Thread other = new Thread(() -> first.complete(a.apply(statuses.get(0))));
        other.start();
        CheckRunSync.Result mine = b.apply(statuses.get(0));
        other.join();
        a.apply(statuses.get(3));

        List<GitHubStub.CheckRun> reporting = stub.checkRuns().stream().filter(run -> !"skipped".equals(run.conclusion())).toList();
        assertEquals(1, reporting.size(), stub.checkRuns() + " " + mine + " " + first.get());
        assertEquals("completed", reporting.get(0).status());
        assertEquals("neutral", reporting.get(0).conclusion(), "no change is neutral");
        assertEquals(List.of("retry-deep"), reporting.get(0).actions());
    }

    @Test
    void aJobFromAnIssueKeepsOneStatusCommentEditedInPlace() {
        int issue = stub.addIssue(REPOSITORY, "Lint warnings in Service.java");
        List<JobStatus> statuses = lifecycle("https://github.com/acme/service/issues/" + issue + "#issuecomment-7", null, JobState.FAILED,
                Lane.FAST);
        CheckRunSync a = replica();
        CheckRunSync b = replica();
        assertEquals("created", a.apply(statuses.get(0)).effect());
        assertEquals("edited", b.apply(statuses.get(2)).effect());
        assertEquals("left as it is", a.apply(statuses.get(1)).effect(), "an older status does not replace a newer one");
        assertEquals("edited", a.apply(statuses.get(3)).effect());
        assertEquals("unchanged", b.apply(statuses.get(3)).effect());

        List<GitHubStub.Comment> comments = stub.comments().stream().filter(c -> c.issue() == issue).toList();
        assertEquals(1, comments.size(), comments.toString());
        assertTrue(comments.get(0).body().contains("Failed on the fast lane"), comments.get(0).body());
        assertTrue(stub.checkRuns().isEmpty(), "no commit, no check run");
    }

    @Test
    void aJobThatIsNotGithubsOrNotOnGithubIsLeftAlone() {
        JobStatus api = lifecycle(null, SHA, JobState.FAILED, Lane.FAST).get(0);
        JobStatus fromApi = new JobStatus(api.schemaVersion(), api.jobId(), api.kind(), api.repository(), new JobSource("api", "ci", null, SHA),
                api.state(), api.lane(), api.reason(), api.usage(), null, api.history(), api.updatedAt());
        JobStatus elsewhere = new JobStatus(api.schemaVersion(), api.jobId(), api.kind(), "https://gitlab.example/acme/service.git",
                api.source(), api.state(), api.lane(), api.reason(), api.usage(), null, api.history(), api.updatedAt());
        assertEquals("skipped", replica().apply(fromApi).effect());
        assertEquals("skipped", replica().apply(elsewhere).effect());
        assertFalse(stub.requests().stream().anyMatch(GitHubStub.Request::mutating));
    }
}
