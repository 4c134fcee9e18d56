package dev.patchlane.app.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bulk migrations over a real socket, fanned out on a real broker against a real git repository. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class MigrationTest {

    private static Path repository(String name, int files) throws IOException {
        Path dir = TestPipeline.dataDir().resolve("migration-" + name);
        if (Files.isDirectory(dir.resolve(".git"))) {
            return dir;
        }
        for (int i = 0; i < files; i++) {
            Path file = dir.resolve("config/d" + (i % 3) + "/settings" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "timeout = legacyTimeout\nname = s" + i + "\n");
        }
        Files.writeString(dir.resolve("README.md"), "# untouched by the migration\n");
        Git.run(dir, "init", "-q", "-b", "main");
        Git.run(dir, "add", ".");
        Git.run(dir, "commit", "-q", "-m", "settings");
        return dir;
    }

    private static String manifest(String id, Path repository, String granularity, int maxInFlight) {
        return "id: " + id + "\n"
                + "name: rename legacyTimeout\n"
                + "instructions: |\n  Rename the setting.\n  rewrite: legacyTimeout -> requestTimeout\n"
                + "repositories:\n  - url: " + repository + "\n    ref: main\n"
                + "include: ['**/*.txt']\nexclude: ['**/d2/settings20.txt']\n"
                + "granularity: " + granularity + "\n"
                + "maxInFlight: " + maxInFlight + "\n";
    }

    private static Response post(String contentType, String body) {
        return Jobs.as(Tokens.ACME).contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/migrations");
    }

    private static Response progress(String id) {
        return Jobs.as(Tokens.ACME).get("/migrations/" + id);
    }

    private static List<JobStatus> jobsOf(String id) {
        return Jobs.as(Tokens.ACME).get("/jobs?limit=100000").then().statusCode(200).extract().jsonPath().getList(".", Map.class).stream()
                .map(m -> Json.mapper().convertValue(m, JobStatus.class))
                .filter(s -> s.source() != null && id.equals(s.source().reference())).toList();
    }

    @Test
    void aManifestFansOutOnceIntoJobsWithinItsInFlightLimitAndReportsProgress() throws IOException {
        Path repo = repository("fanout", 24);
        String body = manifest("rename-timeout", repo, "{unit: FILES, size: 5}", 2);
        Response accepted = post("application/yaml", body);
        assertEquals(202, accepted.statusCode(), accepted.asString());
        assertEquals("rename-timeout", accepted.jsonPath().getString("id"));

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Response p = progress("rename-timeout");
            return "DONE".equals(p.jsonPath().getString("fanOut.phase")) && p.jsonPath().getInt("finished") == p.jsonPath().getInt("jobs");
        });
        Response done = progress("rename-timeout");
        // 23 matching files (one excluded) in groups of 5.
        assertEquals(5, done.jsonPath().getInt("jobs"), done.asString());
        assertEquals(5, done.jsonPath().getInt("byRepository.'" + repo + "'.PUBLISHED"), done.asString());
        assertEquals(5, done.jsonPath().getList("publications").size());

        List<JobStatus> jobs = jobsOf("rename-timeout");
        assertEquals(5, jobs.size());
        assertTrue(jobs.stream().allMatch(j -> j.state() == JobState.PUBLISHED), jobs.toString());
        assertEquals(Set.of(), overlapBeyond(jobs, 2), "never more than maxInFlight unfinished jobs at once");

        Migration recorded = TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.MIGRATIONS).stream()
                .filter(r -> "rename-timeout".equals(r.key())).map(r -> Json.read(r.value(), Migration.class))
                .filter(Migration::fannedOut).findFirst().orElseThrow(() -> new AssertionError("the fan-out's end is not recorded"));
        assertEquals("DONE", recorded.fanOut().phase());
        assertEquals(5, recorded.fanOut().jobsSubmitted());

        long submitted = TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED);
        Response again = post("application/yaml", body);
        assertEquals(200, again.statusCode(), again.asString());
        assertTrue(again.jsonPath().getBoolean("duplicate"));
        assertEquals(submitted, TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED), "no job resubmitted");
    }

    @Test
    void aFanOutWrittenInBatchesStopsAtTheTenantsQuotaAndWritesNoJobBeyondIt() throws IOException {
        // All eight jobs would fit in one batch; the tenant may submit three an hour, so the batch's fourth is held back.
        Path repo = repository("quota-batch", 8);
        String body = manifest("quota-batch", repo, "{unit: FILE}", 100).replace("exclude: ['**/d2/settings20.txt']\n", "");
        Response accepted = Jobs.as(Tokens.UMBRELLA).contentType("application/yaml").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/migrations");
        assertEquals(202, accepted.statusCode(), accepted.asString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> umbrellaJobs("quota-batch").stream().filter(JobStatus::isTerminal).count() == 3);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> umbrellaJobs("quota-batch").size() == 3);
        assertTrue(umbrellaJobs("quota-batch").stream().allMatch(j -> j.state() == JobState.PUBLISHED), umbrellaJobs("quota-batch").toString());
        Response waiting = Jobs.as(Tokens.UMBRELLA).get("/migrations/quota-batch");
        assertEquals("RUNNING", waiting.jsonPath().getString("fanOut.phase"), waiting.asString());
        assertEquals(3, waiting.jsonPath().getInt("fanOut.jobsSubmitted"), waiting.asString());
        int cancel = Jobs.as(Tokens.UMBRELLA).delete("/migrations/quota-batch").statusCode();
        assertTrue(cancel == 202 || cancel == 200, "cancel answered " + cancel);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(Jobs.as(Tokens.UMBRELLA).get("/migrations/quota-batch").jsonPath().getString("fanOut.phase")));
        assertEquals(3, umbrellaJobs("quota-batch").size(), "nothing written after the cancellation either");
    }

    private static List<JobStatus> umbrellaJobs(String id) {
        return Jobs.as(Tokens.UMBRELLA).get("/jobs?limit=1000").then().statusCode(200).extract().jsonPath().getList(".", Map.class).stream()
                .map(m -> Json.mapper().convertValue(m, JobStatus.class))
                .filter(s -> s.source() != null && id.equals(s.source().reference())).toList();
    }

    /** Instants at which more than {@code limit} jobs were between submission and their end. */
    private static Set<Instant> overlapBeyond(List<JobStatus> jobs, int limit) {
        return jobs.stream().map(j -> j.history().get(0).at()).filter(t -> jobs.stream().filter(j -> {
            Instant start = j.history().get(0).at();
            Instant end = j.history().stream().filter(h -> h.state().isTerminal()).map(Transition::at).findFirst().orElse(Instant.MAX);
            return !start.isAfter(t) && end.isAfter(t);
        }).count() > limit).collect(Collectors.toSet());
    }

    @Test
    void aCancelledMigrationSubmitsNothingMoreAndCannotBeRestarted() throws IOException {
        Path repo = repository("cancel", 30);
        String body = manifest("cancel-me", repo, "{unit: FILE}", 1);
        assertEquals(202, post("application/yaml", body).statusCode());
        Response cancelled = Jobs.as(Tokens.ACME).delete("/migrations/cancel-me");
        assertTrue(cancelled.statusCode() == 202 || cancelled.statusCode() == 200, cancelled.asString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(progress("cancel-me").jsonPath().getString("fanOut.phase")));
        int jobs = progress("cancel-me").jsonPath().getInt("jobs");
        assertTrue(jobs < 29, "cancelled before fanning out every file: " + jobs);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> progress("cancel-me").jsonPath().getInt("jobs") == jobs);
        assertEquals(409, post("application/yaml", body).statusCode());
        assertEquals(404, Jobs.as(Tokens.ACME).delete("/migrations/no-such-migration").statusCode());
    }

    @Test
    void jobsOfACancelledMigrationThatHaveNotStartedAreCancelledByTheRouterAndTheWorkers() throws IOException {
        Path repo = repository("queued", 3);
        assertEquals(202, post("application/yaml", manifest("cancel-queued", repo, "{unit: FILE}", 1)).statusCode());
        assertEquals(202, Jobs.as(Tokens.ACME).delete("/migrations/cancel-queued").statusCode());
        // Jobs already handed on when the cancellation came: one waiting for the router, one waiting for a worker; both of
        // the migration's tenant, as its fan-out makes them.
        JobSource source = new JobSource("migration", "rename legacyTimeout", "cancel-queued");
        Job waitingForRouter = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("queued-1"), JobKind.MIGRATION, repo.toString(), "main",
                List.of("config/d0/settings0.txt"), "rewrite: legacyTimeout -> requestTimeout", null, null, source, "queued-1", Instant.now(), "acme");
        Job waitingForWorker = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("queued-2"), JobKind.MIGRATION, repo.toString(), "main",
                List.of("config/d1/settings1.txt"), "rewrite: legacyTimeout -> requestTimeout", null, null, source, "queued-2", Instant.now(), "acme");
        List<Transition> routedHistory = List.of(new Transition(JobState.SUBMITTED, "ingest", Instant.now(), null, "accepted"),
                new Transition(JobState.ROUTED, "router", Instant.now(), Lane.FAST, "fast"));
        RoutedJob routed = new RoutedJob(RoutedJob.SCHEMA_VERSION, waitingForWorker, new RouteDecision(Lane.FAST, List.of("test"),
                new RouteFeatures(JobKind.MIGRATION, 1, 10, false, List.of(), null)), 1, null, Usage.NONE, routedHistory, Instant.now());
        TopicReader.write(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED, waitingForRouter.id(), Json.write(waitingForRouter));
        TopicReader.write(EmbeddedKafkaResource.bootstrapServers(), Topics.FAST, waitingForWorker.id(), Json.write(routed));

        for (Job job : List.of(waitingForRouter, waitingForWorker)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jobsOf("cancel-queued").stream()
                    .anyMatch(s -> s.jobId().equals(job.id()) && s.isTerminal()));
            JobStatus status = jobsOf("cancel-queued").stream().filter(s -> s.jobId().equals(job.id())).findFirst().orElseThrow();
            assertEquals(JobState.CANCELLED, status.state(), status.toString());
            assertTrue(status.history().stream().noneMatch(t -> t.state() == JobState.RUNNING), "it never started");
        }
    }

    @Test
    void aJsonManifestByDirectoryMakesOneJobPerDirectory() throws IOException {
        Path repo = repository("dirs", 9);
        String body = "{\"name\":\"per directory\",\"instructions\":\"rewrite: legacyTimeout -> requestTimeout\","
                + "\"repositories\":[{\"url\":\"" + repo + "\"}],\"include\":[\"config/**\"],\"granularity\":{\"unit\":\"DIRECTORY\"}}";
        Response accepted = post("application/json", body);
        assertEquals(202, accepted.statusCode(), accepted.asString());
        String id = accepted.jsonPath().getString("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(progress(id).jsonPath().getString("fanOut.phase")));
        assertEquals(3, progress(id).jsonPath().getInt("jobs"), "three directories d0, d1, d2");
        assertEquals(id, post("application/json", body).jsonPath().getString("id"), "the same content is the same migration");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed YAML        | 'name: [unclosed'                                                   | malformed",
        "not an object         | '- a\n- b'                                                          | must be an object",
        "a missing field       | 'name: x\ninstructions: y'                                          | repositories",
        "an unknown field      | 'name: x\ninstructions: y\nrepositories: [{url: /r}]\npriority: 1' | priority",
        "a bad granularity     | 'name: x\ninstructions: y\nrepositories: [{url: /r}]\ngranularity: {unit: file}' | granularity",
        "an alias bomb         | 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]' | ",
        "a bad glob            | 'name: x\ninstructions: y\nrepositories: [{url: /r}]\ninclude: [\"a[\"]' | glob",
    })
    void badManifestsAreRefusedWithAReasonAndWriteNothing(String name, String body, String mentioned) {
        long before = TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.MIGRATIONS);
        Response response = post("application/yaml", body.replace("\\n", "\n"));
        assertEquals(400, response.statusCode(), name + ": " + response.asString());
        if (mentioned != null) {
            assertTrue(response.asString().contains(mentioned), name + ": " + response.asString());
        }
        assertEquals(before, TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.MIGRATIONS));
    }

    @Test
    void anOversizedManifestGets413() {
        Response response = post("application/json", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}");
        assertEquals(413, response.statusCode());
    }
}
