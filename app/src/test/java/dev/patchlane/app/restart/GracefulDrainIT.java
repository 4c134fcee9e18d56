package dev.patchlane.app.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.patchlane.app.demo.DemoPlans;
import dev.patchlane.app.demo.PreparedDemo;
import dev.patchlane.app.kafka.EmbeddedKafkaBroker;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.Topics;
import dev.patchlane.ingest.auth.TokenGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two fast-worker processes of the packaged binary on one broker; one gets SIGTERM (as a pod scaled down does) while
 * both are busy. It must drain and exit within its grace period, and every job must end as it would have without the
 * stop, published once: what it had in flight it either finished or handed back to the other worker.
 */
class GracefulDrainIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TOKEN = TokenGenerator.newToken();
    private static final int FAST_CONCURRENCY = 4;
    // Shorter than an attempt (first token after 3 s): some attempts in flight finish, the latest are handed back.
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
    // What the deploy helper's fast-worker terminationGracePeriodSeconds must cover: the drain plus closing the clients.
    private static final Duration GRACE = DRAIN_TIMEOUT.plusSeconds(20);
    private static final Pattern DRAINED = Pattern.compile(
            "drain: finished (?:all )?\\d+ attempts(?: in flight)? \\[([^]]*)](?:, handed back \\d+ \\[([^]]*)])?");

    private final Path data = Path.of("target", "graceful-drain-it").toAbsolutePath();

    @Test
    void aWorkerStoppedMidBatchDrainsAndExitsAndNoJobIsLostOrDoubled() throws Exception {
        deleteRecursively(data);
        Files.createDirectories(data);
        PreparedDemo demo = DemoPlans.prepare(data.resolve("front"), null, "HEAD", 0);
        List<Process> processes = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data.resolve("kafka"))) {
            try {
                run(demo, broker.bootstrapServers(), processes);
            } finally {
                // Stopped before the broker closes, so that none of them spends its stop retrying a vanished broker.
                for (Process process : processes) {
                    process.destroy();
                }
                for (Process process : processes) {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            }
        }
    }

    private void run(PreparedDemo demo, String bootstrap, List<Process> processes) throws Exception {
        int frontPort = freePort();
        int portA = freePort();
        int portB = freePort();
        Map<String, String> worker = Map.of("patchlane.shutdown.drain-timeout", DRAIN_TIMEOUT.toMillis() + "ms");
        Process front = launch(demo, bootstrap, "front", "ingest,router,deep-worker,sink", frontPort, Map.of());
        processes.add(front);
        // The front creates the topics; processes that start together race to create them (TopicExistsException).
        awaitUp(front, "front", frontPort, "/jobs?limit=1");
        Process a = launch(demo, bootstrap, "worker-a", "fast-worker", portA, worker);
        processes.add(a);
        Process b = launch(demo, bootstrap, "worker-b", "fast-worker", portB, worker);
        processes.add(b);
        awaitUp(a, "worker-a", portA, "/q/health/ready");
        awaitUp(b, "worker-b", portB, "/q/health/ready");

        List<String> ids = new ArrayList<>();
        for (JobRequest request : demo.plan().jobs()) {
            ids.add(submit(frontPort, request));
        }
        // More fast attempts running than one worker's slots: the one about to be stopped has some in flight.
        List<JobStatus> busy = waitFor(frontPort, ids, list -> runningFast(list) > FAST_CONCURRENCY, Duration.ofSeconds(90));
        long stopped = System.nanoTime();
        a.destroy();
        assertTrue(a.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS), "worker-a exited within " + GRACE + " of SIGTERM");
        Duration exitedAfter = Duration.ofNanos(System.nanoTime() - stopped);
        int exit = a.exitValue();
        assertTrue(exit == 0 || exit == 143, "worker-a exited normally after SIGTERM, not " + exit);
        assertTrue(terminal(busy) < ids.size(), "the stop came mid-batch");

        String log = Files.readString(data.resolve("worker-a.log"));
        Matcher drained = DRAINED.matcher(log);
        assertTrue(drained.find(), "worker-a logged its drain; see " + data.resolve("worker-a.log"));
        List<String> finished = split(drained.group(1));
        List<String> handedBack = split(drained.group(2));
        assertFalse(finished.isEmpty() && handedBack.isEmpty(), "worker-a had attempts in flight when it was stopped");

        List<JobStatus> after;
        try {
            after = waitFor(frontPort, ids, list -> terminal(list) == ids.size(), Duration.ofSeconds(120));
        } catch (AssertionError e) {
            dumpThreads(b, "worker-b");
            dumpThreads(front, "front");
            throw e;
        }
        Map<String, JobStatus> byId = after.stream().collect(Collectors.toMap(JobStatus::jobId, s -> s));
        for (String id : handedBack) {
            assertTrue(byId.get(id).isTerminal(), id + ", handed back by worker-a, was completed by worker-b: " + byId.get(id).state());
        }
        Map<JobState, Long> ends = after.stream().collect(Collectors.groupingBy(JobStatus::state, () -> new EnumMap<>(JobState.class),
                Collectors.counting()));
        assertEquals(Map.of(JobState.PUBLISHED, 51L, JobState.NO_CHANGE, 2L, JobState.FAILED, 1L), Map.copyOf(ends),
                "the same ends as a run without a stop");
        assertEquals(0, countIfExists(bootstrap, Topics.DEAD_LETTER), "nothing was dead-lettered while the worker stopped");

        Path repository = demo.plan().repository();
        List<String> branches = Git.run(repository, "for-each-ref", "--format=%(refname:short)", "refs/heads/patchlane/").lines().toList();
        long results = after.stream().filter(j -> j.state() == JobState.PUBLISHED && j.publication().isResult()).count();
        assertEquals(ends.get(JobState.PUBLISHED) - results, branches.size(), "one branch per published patch");
        for (String branch : branches) {
            assertEquals("1", Git.run(repository, "rev-list", "--count", "main.." + branch).strip(), branch + " has one commit");
        }
        Map<String, Set<String>> announced = new HashMap<>();
        for (var record : TopicReader.readAll(bootstrap, Topics.PUBLISHED)) {
            Publication publication = Json.read(record.value(), Publication.class);
            announced.computeIfAbsent(record.key(), k -> new HashSet<>())
                    .add(publication.commit() + " " + publication.patchFile() + " " + publication.resultFile());
        }
        announced.forEach((job, effects) -> assertEquals(1, effects.size(), job + " published different effects: " + effects));
        System.out.printf("GracefulDrainIT: worker-a exited %d after %d ms; finished %s, handed back %s%n", exit,
                exitedAfter.toMillis(), finished, handedBack);
    }

    private Process launch(PreparedDemo demo, String bootstrap, String name, String roles, int port, Map<String, String> properties)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpatchlane.emulator.script=" + demo.scriptFile(),
                "-Dpatchlane.auth.tokens.drain-it.tenant=drain-it",
                "-Dpatchlane.auth.tokens.drain-it.sha256=" + TokenGenerator.sha256Hex(TOKEN),
                "-Dpatchlane.auth.tokens.drain-it.scopes=admin",
                "-Dpatchlane.repositories.allow-local=" + demo.plan().repository().toAbsolutePath(),
                // Fast attempts last seconds, so a stop finds some in flight; the deep lane need not take real minutes.
                "-Dpatchlane.lane.fast.emulator.time-to-first-token=3s",
                "-Dpatchlane.lane.deep.emulator.tokens-per-second=700",
                "-Dpatchlane.lane.deep.emulator.time-to-first-token=200ms"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("patchlane.app.jar"), "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("PATCHLANE_ROLES", roles);
        env.put("PATCHLANE_DATA_DIR", data.resolve(name).toString());
        env.put("PATCHLANE_HTTP_PORT", Integer.toString(port));
        env.put("PATCHLANE_FAST_CONCURRENCY", Integer.toString(FAST_CONCURRENCY));
        return builder.start();
    }

    private void awaitUp(Process process, String name, int port, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + data.resolve(name + ".log"));
            }
            try {
                if (HTTP.send(api(port, path).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError(name + " did not answer " + path + " on port " + port);
    }

    private static String submit(int port, JobRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(api(port, "/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(request))).build(), HttpResponse.BodyHandlers.ofByteArray());
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
        throw new AssertionError("timed out: " + terminal(ours) + " of " + ids.size() + " terminal, "
                + ours.stream().collect(Collectors.groupingBy(JobStatus::state, Collectors.counting())));
    }

    /** What a process that stopped making progress is waiting for, kept beside its log. */
    private void dumpThreads(Process process, String name) {
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(data.resolve(name + ".threads").toFile()).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            System.out.println("no thread dump of " + name + ": " + e);
        }
    }

    private static long runningFast(List<JobStatus> statuses) {
        return statuses.stream().filter(s -> s.state() == JobState.RUNNING && !s.history().isEmpty()
                && "fast-worker".equals(s.history().get(s.history().size() - 1).stage())).count();
    }

    private static long countIfExists(String bootstrap, String topic) {
        try {
            return TopicReader.count(bootstrap, topic);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static List<String> split(String ids) {
        return ids == null || ids.isBlank() ? List.of() : Arrays.stream(ids.split(",")).map(String::strip).toList();
    }

    private static HttpRequest.Builder api(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + TOKEN);
    }

    private static long terminal(List<JobStatus> statuses) {
        return statuses.stream().filter(JobStatus::isTerminal).count();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
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
