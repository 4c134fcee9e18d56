package dev.patchlane.app.progress;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.GitHubRepository;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.MigrationRepositories;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.Topics;
import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.progressissue.ProgressIssues;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A migration's progress issues through the whole pipeline on the embedded broker, against the GitHub stub over a
 * socket: one issue per GitHub repository, brought up to date as jobs end, never a second one on a redelivered status
 * or a restart of the sink's keeper; a hostile {@code progressIssue} refused at the door.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class ProgressIssueTest {

    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final String HOSTILE_NAME = "rename legacyTimeout @octocat <img src=x onerror=alert(1)> [x](https://evil.example)";

    private final MigrationRepositories repositories = MigrationRepositories.instance(TestPipeline.dataDir());
    private final GitHubStub stub = GitHubRepository.instance(TestPipeline.dataDir()).stub();

    @Inject
    ProgressIssues progressIssues;

    @Test
    void aMigrationOverTwoGitHubRepositoriesKeepsOneIssueEachUpToDateAndNeverASecond() {
        String id = "progress-two-repos";
        Response accepted = post(manifest(id, "progressIssue:\n  mode: per-repository\n",
                repositories.github().get(0).toString(), repositories.github().get(1).toString(), repositories.local().toString()));
        assertEquals(202, accepted.statusCode(), accepted.asString());

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Response p = Jobs.as(Tokens.ACME).get("/migrations/" + id);
            return "DONE".equals(p.jsonPath().getString("fanOut.phase")) && p.jsonPath().getInt("finished") == p.jsonPath().getInt("jobs");
        });
        List<JobStatus> jobs = jobsOf(id);
        assertEquals(8, jobs.size(), jobs.toString());
        // the issues catch up within an interval or two of the last job's end
        await().atMost(Duration.ofSeconds(20)).until(() -> MigrationRepositories.GITHUB_NAMES.stream().allMatch(name -> issueOf(id, name) != null
                && issueOf(id, name).body().contains(finishedOf(jobs, name))));

        for (String name : MigrationRepositories.GITHUB_NAMES) {
            GitHubStub.Issue issue = issueOf(id, name);
            assertEquals(List.of("patchlane-progress"), issue.labels());
            assertEquals(GitHubStub.BOT, issue.user());
            assertTrue(issue.title().startsWith("patchlane migration: ") && issue.title().endsWith("(" + name + ")"), issue.title());
            assertFalse(issue.title().contains("\n"));
            String body = issue.body();
            assertTrue(body.startsWith("<!-- patchlane:migration:" + id + ":" + name + " -->\n"), body);
            assertTrue(body.contains("## patchlane migration ` " + HOSTILE_NAME + " `\n"), "the name is one code span:\n" + body);
            assertFalse(edits(issue).isEmpty(), "created early, then edited as jobs ended");
            writeArtifact(issue);
            assertTrue(body.contains("[Open this migration on the dashboard](https://patchlane.example/dashboard/migrations/" + id + ")"), body);
            for (JobStatus job : jobsIn(jobs, name)) {
                assertTrue(job.isTerminal(), job.toString());
                String line = body.lines().filter(l -> l.contains("`" + job.jobId() + "`")).findFirst()
                        .orElseThrow(() -> new AssertionError(job.jobId() + " is not listed:\n" + body));
                assertTrue(line.startsWith("- [x] "), line);
                assertTrue(line.contains(job.state().name()), line);
                if (job.state() == JobState.PUBLISHED) {
                    String url = job.publication().targets().stream().filter(t -> t.publisher().equals("github"))
                            .map(PublicationTarget::location).findFirst().orElseThrow();
                    assertTrue(line.contains("](" + url + ")"), line + " links " + url);
                }
            }
        }
        // the second repository's notes.txt needed no change
        assertTrue(jobsIn(jobs, MigrationRepositories.GITHUB_NAMES.get(1)).stream().anyMatch(j -> j.state() == JobState.NO_CHANGE), jobs.toString());
        assertEquals(2, issuesOf(id).size(), "one issue per GitHub repository; the local one gets none: " + issuesOf(id));

        // coalesced: an issue is edited at most once an interval
        for (GitHubStub.Issue issue : issuesOf(id)) {
            List<GitHubStub.Request> edits = edits(issue);
            for (int i = 1; i < edits.size(); i++) {
                Duration apart = Duration.between(edits.get(i - 1).receivedAt(), edits.get(i).receivedAt());
                assertTrue(apart.compareTo(INTERVAL.minusMillis(50)) >= 0, "edits " + apart + " apart");
            }
        }

        // a redelivered status record changes nothing: no new issue, no edit
        long creates = creates();
        Map<Integer, Integer> editsBefore = editCounts(id);
        JobStatus published = jobs.stream().filter(j -> j.state() == JobState.PUBLISHED).findFirst().orElseThrow();
        ConsumerRecord<String, byte[]> last = TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.STATUS).stream()
                .filter(r -> published.jobId().equals(r.key())).reduce((a, b) -> b).orElseThrow();
        TopicReader.write(EmbeddedKafkaResource.bootstrapServers(), Topics.STATUS, last.key(), last.value());
        sleep(INTERVAL.multipliedBy(4));
        assertEquals(creates, creates());
        assertEquals(editsBefore, editCounts(id));

        // a restart of the keeper (everything it remembered lost) finds both issues again and writes nothing
        long lookups = lookups();
        progressIssues.stop();
        progressIssues.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> progressIssues.ownedMigrations().contains(id) && lookups() >= lookups + 2);
        sleep(INTERVAL.multipliedBy(3));
        assertEquals(creates, creates(), "no second issue after the restart");
        assertEquals(2, issuesOf(id).size());
        assertEquals(editsBefore, editCounts(id), "the bodies were current, so nothing was written");
    }

    @Test
    void aPerMigrationIssueMustLiveInOneOfTheMigrationsOwnRepositories() {
        String id = "progress-elsewhere";
        Response accepted = post(manifest(id, "progressIssue:\n  mode: per-migration\n  repository: victim/elsewhere\n",
                repositories.local().toString()));
        assertEquals(202, accepted.statusCode(), accepted.asString());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Response p = Jobs.as(Tokens.ACME).get("/migrations/" + id);
            return "DONE".equals(p.jsonPath().getString("fanOut.phase")) && p.jsonPath().getInt("finished") == p.jsonPath().getInt("jobs");
        });
        sleep(INTERVAL.multipliedBy(3));
        assertTrue(stub.requests().stream().noneMatch(r -> r.path().startsWith("/repos/victim/")), "the bot never touched victim/elsewhere");
        assertTrue(issuesOf(id).isEmpty());
    }

    @Test
    void aHostileProgressIssueIsRefusedNamingTheField() {
        for (String hostile : List.of("progressIssue:\n  mode: per-org\n",
                "progressIssue:\n  mode: per-migration\n  repository: https://gitlab.example.com/acme/app\n",
                "progressIssue:\n  mode: per-migration\n  repository: \"acme/app\\n@everyone\"\n",
                "progressIssue:\n  mode: per-repository\n  title: \"" + "x".repeat(5_000) + "\"\n")) {
            Response refused = post(manifest("progress-hostile", hostile, repositories.local().toString()));
            assertEquals(400, refused.statusCode(), refused.asString());
            assertTrue(refused.asString().contains("progressIssue"), refused.asString());
        }
        assertTrue(Jobs.as(Tokens.ACME).get("/migrations/progress-hostile").statusCode() == 404, "nothing was written");
    }

    private static String manifest(String id, String progressIssue, String... urls) {
        StringBuilder yaml = new StringBuilder("id: " + id + "\nname: \"" + HOSTILE_NAME + "\"\n"
                + "instructions: |\n  Rename the setting.\n  rewrite: legacyTimeout -> requestTimeout\nrepositories:\n");
        for (String url : urls) {
            yaml.append("  - url: ").append(url).append("\n    ref: main\n");
        }
        return yaml.append("include: ['**/*.txt']\ngranularity: {unit: FILE}\n").append(progressIssue).toString();
    }

    private static Response post(String yaml) {
        return Jobs.as(Tokens.ACME).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).post("/migrations");
    }

    private static List<JobStatus> jobsOf(String id) {
        return Jobs.as(Tokens.ACME).get("/jobs?limit=100000").then().statusCode(200).extract().jsonPath().getList(".", Map.class).stream()
                .map(m -> Json.mapper().convertValue(m, JobStatus.class))
                .filter(s -> s.source() != null && id.equals(s.source().reference())).toList();
    }

    private List<JobStatus> jobsIn(List<JobStatus> jobs, String githubName) {
        String dir = repositories.github().get(MigrationRepositories.GITHUB_NAMES.indexOf(githubName)).toString();
        return jobs.stream().filter(j -> j.repository().equals(dir)).toList();
    }

    private String finishedOf(List<JobStatus> jobs, String githubName) {
        int n = jobsIn(jobs, githubName).size();
        return "**" + n + " of " + n + " jobs finished**";
    }

    private List<GitHubStub.Issue> issuesOf(String id) {
        return stub.issues().stream().filter(i -> i.body().startsWith("<!-- patchlane:migration:" + id + ":")).toList();
    }

    private GitHubStub.Issue issueOf(String id, String name) {
        return issuesOf(id).stream().filter(i -> i.repository().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private List<GitHubStub.Request> edits(GitHubStub.Issue issue) {
        return stub.requests().stream().filter(r -> r.method().equals("PATCH")
                && r.path().equals("/repos/" + issue.repository() + "/issues/" + issue.number())).toList();
    }

    private Map<Integer, Integer> editCounts(String id) {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        issuesOf(id).forEach(issue -> counts.put(issue.number(), edits(issue).size()));
        return counts;
    }

    private long creates() {
        return stub.requests().stream().filter(r -> r.method().equals("POST") && r.path().matches("/repos/[^/]+/[^/]+/issues")).count();
    }

    private long lookups() {
        return stub.requests().stream().filter(r -> r.method().equals("GET") && r.path().matches("/repos/acme/settings-(one|two)/issues")).count();
    }

    // the final bodies, kept as build artifacts to read
    private static void writeArtifact(GitHubStub.Issue issue) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "progress-issues");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(issue.repository().replace('/', '_') + "-" + issue.number() + ".md"),
                    "# " + issue.title() + "\n\n" + issue.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
