package dev.patchlane.app.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Json;
import dev.patchlane.pipeline.config.PatchlaneConfig;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.sink.config.PublishConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The main job, inside a running pipeline: submits the batch over HTTP in waves, each once the previous one is
 * terminal (so later waves are routed from earlier outcomes), prints the summary. Exit code 0 only if every job reached
 * a terminal state. Its one argument is the run's API token.
 */
public class DemoApplication implements QuarkusApplication {

    @Inject
    PatchlaneConfig config;

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    @Inject
    DemoConfig demo;

    @Inject
    PublishConfig publishing;

    @Inject
    TopicNames topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private String token;

    @Override
    public int run(String... args) throws Exception {
        if (args.length != 1 || args[0].isBlank()) {
            throw new IllegalStateException("the demo needs its API token as its one argument; run it with ./patchlane demo");
        }
        token = args[0];
        if (demo.dashboard()) {
            System.out.printf("dashboard: http://localhost:%d/dashboard (sign in with the API token above)%n", port);
        }
        long start = System.nanoTime();
        List<JobRequest> requests = Json.mapper().readValue(Files.readAllBytes(demo.jobsFile()
                .orElseThrow(() -> new IllegalStateException("patchlane.demo.jobs-file is not set; run the demo with ./patchlane demo"))), new TypeReference<List<JobRequest>>() { });
        Set<String> ids = new LinkedHashSet<>();
        int waves = Math.max(1, Math.min(demo.waves(), requests.size()));
        for (int wave = 0; wave < waves; wave++) {
            Set<String> waveIds = new LinkedHashSet<>();
            for (int i = wave; i < requests.size(); i += waves) {
                waveIds.add(submit(requests.get(i)));
            }
            ids.addAll(waveIds);
            System.out.printf("wave %d of %d: submitted %d jobs to http://localhost:%d/jobs%n", wave + 1, waves, waveIds.size(), port);
            waitForTerminal(waveIds, start);
        }
        List<JobStatus> statuses = waitForTerminal(ids, start);
        String remote = publishing.git().remote().orElse(requests.get(0).repository());
        System.out.println(DemoSummary.render(statuses, ids.size(), remote, config.patchDir(),
                Duration.ofNanos(System.nanoTime() - start)));
        try {
            List<Outcome> outcomes = DecoderTally.read(bootstrap, topics.outcomes(), ids);
            System.out.println(DecoderTally.render(outcomes));
            System.out.println(VerificationTally.render(outcomes, statuses));
        } catch (RuntimeException e) {
            System.out.println("decoders: cannot read the outcomes back (" + e.getMessage() + ")");
        }
        int exitCode = statuses.size() == ids.size() && statuses.stream().allMatch(JobStatus::isTerminal) ? 0 : 1;
        if (demo.dashboard()) {
            System.out.printf("dashboard: still serving http://localhost:%d/dashboard; press Ctrl-C to stop%n", port);
            Quarkus.waitForExit();
        }
        return exitCode;
    }

    private String submit(JobRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(authorized(endpoint("/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(request)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new IllegalStateException("POST /jobs answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return (String) Json.mapper().readValue(response.body(), Map.class).get("id");
    }

    private List<JobStatus> waitForTerminal(Set<String> ids, long start) throws IOException, InterruptedException {
        long deadline = start + demo.timeout().toNanos();
        List<JobStatus> ours = List.of();
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            ours = fetch(ids);
            long terminal = ours.stream().filter(JobStatus::isTerminal).count();
            if (terminal == ids.size()) {
                return ours;
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(5).toNanos()) {
                System.out.printf("  %d/%d jobs terminal%n", terminal, ids.size());
                lastReport = System.nanoTime();
            }
            Thread.sleep(250);
        }
        System.out.printf("timed out after %s with jobs still running%n", demo.timeout());
        return ours;
    }

    private List<JobStatus> fetch(Set<String> ids) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(authorized(endpoint("/jobs?limit=100000")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /jobs answered " + response.statusCode() + ": " + new String(response.body()));
        }
        List<JobStatus> all = Json.mapper().readValue(response.body(), new TypeReference<List<JobStatus>>() { });
        List<JobStatus> ours = new ArrayList<>();
        for (JobStatus status : all) {
            if (ids.contains(status.jobId())) {
                ours.add(status);
            }
        }
        return ours;
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
    }

    private URI endpoint(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
