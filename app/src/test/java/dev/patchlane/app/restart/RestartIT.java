package dev.patchlane.app.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.patchlane.app.demo.DemoPlans;
import dev.patchlane.app.demo.PreparedDemo;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.ingest.auth.TokenGenerator;
import dev.patchlane.ingest.github.WebhookSignature;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The packaged binary, killed (SIGKILL) mid-batch and started again on the same data directory: every job finishes,
 * nothing is published twice.
 */
class RestartIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // As an operator configures serve: the process gets the token's hash, only this client holds the token.
    private static final String TOKEN = TokenGenerator.newToken();

    // Kept under target/ so the two processes' logs can be read after a failure.
    private final Path data = Path.of("target", "restart-it").toAbsolutePath();

    @Test
    void aCrashMidBatchLosesNoJobAndDuplicatesNoBranch() throws Exception {
        deleteRecursively(data);
        PreparedDemo demo = DemoPlans.prepare(data, null, "HEAD", 0);
        int port = freePort();
        Process first = start(demo, port, "first");
        List<String> ids = new ArrayList<>();
        for (JobRequest request : demo.plan().jobs()) {
            ids.add(submit(port, request));
        }
        HttpResponse<byte[]> delivered = deliver(port, WEBHOOK_DELIVERY);
        assertEquals(202, delivered.statusCode(), new String(delivered.body()));
        String webhookJob = jobsOf(delivered).get(0);
        HttpResponse<byte[]> migration = postMigration(port, demo.plan().repository());
        assertEquals(202, migration.statusCode(), new String(migration.body()));
        List<JobStatus> beforeCrash = waitFor(port, ids, list -> terminal(list) >= 10, Duration.ofMinutes(2));
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(terminal(beforeCrash) < ids.size(), "the crash happened mid-batch: " + terminal(beforeCrash) + " terminal");

        Process second = start(demo, port, "second");
        try {
            for (JobRequest request : demo.plan().jobs()) {
                assertEquals(200, post(port, request).statusCode(), "a key submitted before the crash is a duplicate right after the restart");
            }
            HttpResponse<byte[]> redelivered = deliver(port, WEBHOOK_DELIVERY);
            assertEquals(200, redelivered.statusCode(), "a delivery accepted before the crash is a duplicate after it: "
                    + new String(redelivered.body()));
            assertEquals(List.of(webhookJob), jobsOf(redelivered));
            List<JobStatus> migrated = waitForMigration(port, Duration.ofMinutes(3));
            assertEquals(MIGRATED_FILES, migrated.size(), "the fan-out interrupted by the crash resumed and made one job per file");
            assertTrue(migrated.stream().allMatch(j -> j.state() == JobState.PUBLISHED), migrated.toString());
            List<JobStatus> after = waitFor(port, ids, list -> terminal(list) == ids.size(), Duration.ofMinutes(4));
            assertEquals(ids.size(), terminal(after), "every job finished after the restart");
            Path repository = demo.plan().repository();
            List<String> branches = Git.run(repository, "for-each-ref", "--format=%(refname:short)", "refs/heads/patchlane/").lines().toList();
            Map<JobState, Long> ends = after.stream().collect(java.util.stream.Collectors.groupingBy(JobStatus::state,
                    () -> new java.util.EnumMap<>(JobState.class), java.util.stream.Collectors.counting()));
            assertEquals(Map.of(JobState.PUBLISHED, 51L, JobState.NO_CHANGE, 2L, JobState.FAILED, 1L), Map.copyOf(ends),
                    "the same ends as a run without a crash");
            long results = after.stream().filter(j -> j.state() == JobState.PUBLISHED && j.publication().isResult()).count();
            assertEquals(STRUCTURED_JOBS, results, "the structured-output jobs are published as documents, without a branch");
            long published = ends.get(JobState.PUBLISHED) + MIGRATED_FILES;
            assertEquals(published - results, branches.size(), "one branch per published patch, the migration's included");
            for (String branch : branches) {
                assertEquals("1", Git.run(repository, "rev-list", "--count", "main.." + branch).strip(), branch + " has one commit");
            }
            // Publications may be announced more than once (at least once), but always of the same commit and file.
            Map<String, Set<String>> announced = new java.util.HashMap<>();
            for (var record : TopicReader.readAll(brokerOf("second"), Topics.PUBLISHED)) {
                Publication publication = Json.read(record.value(), Publication.class);
                announced.computeIfAbsent(record.key(), k -> new java.util.HashSet<>()).add(publication.commit() + " " + publication.patchFile() + " " + publication.resultFile());
            }
            assertEquals(published, announced.size(), "every published job was announced");
            announced.forEach((job, effects) -> assertEquals(1, effects.size(), job + " published different effects: " + effects));
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static final String WEBHOOK_SECRET = "restart-it-secret";
    private static final String WEBHOOK_DELIVERY = "restart-it-delivery-1";
    private static final String MIGRATION_ID = "restart-it-migration";
    private static final int MIGRATED_FILES = 12;
    private static final long STRUCTURED_JOBS = 3;

    private static HttpResponse<byte[]> deliver(int port, String deliveryId) throws IOException, InterruptedException {
        byte[] body = java.nio.file.Files.readAllBytes(Path.of("..", "ingest", "src", "test", "resources", "github", "issues-opened-labeled.json"));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "issues").header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", new WebhookSignature(WEBHOOK_SECRET).header(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @SuppressWarnings("unchecked")
    private static List<String> jobsOf(HttpResponse<byte[]> response) throws IOException {
        return (List<String>) Json.mapper().readValue(response.body(), Map.class).get("jobs");
    }

    /** A migration slow enough (two jobs in flight) that the crash interrupts its fan-out. */
    private static HttpResponse<byte[]> postMigration(int port, Path repository) throws IOException, InterruptedException {
        String manifest = "id: " + MIGRATION_ID + "\nname: qualify names\ninstructions: 'rewrite: names.size() -> this.names.size()'\n"
                + "repositories: [{url: '" + repository + "'}]\n"
                + "include: ['src/main/java/demo/report/*.java']\nmaxInFlight: 2\n";
        return HTTP.send(api(port, "/migrations")
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(manifest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<JobStatus> waitForMigration(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JobStatus> ours = List.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> response = HTTP.send(api(port, "/jobs?limit=100000").build(), HttpResponse.BodyHandlers.ofByteArray());
            ours = Json.mapper().readValue(response.body(), new TypeReference<List<JobStatus>>() { }).stream()
                    .filter(s -> s.source() != null && MIGRATION_ID.equals(s.source().reference())).toList();
            if (ours.size() == MIGRATED_FILES && terminal(ours) == MIGRATED_FILES) {
                return ours;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("timed out: the migration has " + ours.size() + " jobs, " + terminal(ours) + " terminal");
    }

    private Process start(PreparedDemo demo, int port, String name) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpatchlane.emulator.script=" + demo.scriptFile(),
                "-Dpatchlane.webhooks.github.clone-urls.\"octo-org/widgets\"=" + demo.plan().repository(),
                "-Dpatchlane.auth.tokens.restart-it.tenant=restart-it",
                "-Dpatchlane.auth.tokens.restart-it.sha256=" + TokenGenerator.sha256Hex(TOKEN),
                "-Dpatchlane.auth.tokens.restart-it.scopes=admin",
                "-Dpatchlane.repositories.allow-local=" + demo.plan().repository().toAbsolutePath(),
                "-jar", System.getProperty("patchlane.app.jar"), "serve");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.remove("KAFKA_BOOTSTRAP_SERVERS");
        env.put("PATCHLANE_DATA_DIR", data.toString());
        env.put("PATCHLANE_HTTP_PORT", Integer.toString(port));
        env.put("PATCHLANE_WEBHOOKS_GITHUB_SECRET", WEBHOOK_SECRET);
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + data.resolve(name + ".log"));
            }
            try {
                if (HTTP.send(api(port, "/jobs?limit=1").build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet, or closing connections while it starts
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError(name + " did not answer on port " + port);
    }

    private String brokerOf(String name) throws IOException {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("embedded Kafka broker at (\\S+) ")
                .matcher(java.nio.file.Files.readString(data.resolve(name + ".log")));
        assertTrue(matcher.find(), "the " + name + " process logged its broker address");
        return matcher.group(1);
    }

    private static HttpResponse<byte[]> post(int port, JobRequest request) throws IOException, InterruptedException {
        return HTTP.send(api(port, "/jobs")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(request))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String submit(int port, JobRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = post(port, request);
        assertTrue(response.statusCode() == 202 || response.statusCode() == 200, new String(response.body()));
        return (String) Json.mapper().readValue(response.body(), Map.class).get("id");
    }

    private static List<JobStatus> waitFor(int port, List<String> ids, Predicate<List<JobStatus>> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JobStatus> ours = List.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> response = HTTP.send(api(port, "/jobs?limit=100000").build(), HttpResponse.BodyHandlers.ofByteArray());
            ours = Json.mapper().readValue(response.body(), new TypeReference<List<JobStatus>>() { }).stream()
                    .filter(s -> ids.contains(s.jobId())).toList();
            if (done.test(ours)) {
                return ours;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("timed out: " + terminal(ours) + " of " + ids.size() + " terminal");
    }

    private static HttpRequest.Builder api(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN);
    }

    private static long terminal(List<JobStatus> statuses) {
        return statuses.stream().filter(JobStatus::isTerminal).count();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var paths = java.nio.file.Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(path);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
