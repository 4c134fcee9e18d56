package dev.patchlane.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.app.support.Deliveries;
import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.app.support.Widgets;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Client-side latency of acknowledging N signed GitHub {@code issues} deliveries, each a new job, sent one after another
 * over HTTP, against the same number of {@code POST /jobs} submissions. Ingest role only: the deliveries' jobs are
 * submitted by the webhook processor (which runs in the ingest role) but not routed or decoded. Run with
 * {@code bench/webhook-latency}; not part of the build (see {@link Bench}).
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(IngestOnlyProfile.class)
@Tag("benchmark")
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class WebhookLatencyBenchmark {

    private static final int N = Integer.getInteger("bench.requests", 500);
    private static final int WARM_UP = Integer.getInteger("bench.warm-up", 100);

    @Inject
    KafkaClientService kafka;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    /** A signed {@code issues.opened} delivery of the fixture, about issue {@code number}, with a fresh delivery id. */
    private HttpRequest delivery(int number) {
        ObjectNode payload = Deliveries.fixture("issues-opened-labeled");
        ObjectNode issue = (ObjectNode) payload.path("issue");
        issue.put("number", number);
        issue.put("id", 990_000_000L + number);
        issue.put("url", "https://api.github.com/repos/octo-org/widgets/issues/" + number);
        issue.put("html_url", "https://github.com/octo-org/widgets/issues/" + number);
        byte[] body = Json.write(payload);
        return HttpRequest.newBuilder(uri("/webhooks/github"))
                .header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", Deliveries.sign(body))
                .header("User-Agent", "GitHub-Hookshot/bench")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** A POST /jobs body like the job an issue delivery becomes, with a new idempotency key. */
    private HttpRequest job(int number) {
        String repository = Widgets.repository(TestPipeline.dataDir()).dir().toString();
        JobRequest request = new JobRequest(JobKind.ISSUE, repository, "main", List.of(Widgets.WIDGET),
                "Resolve issue #" + number + " of octo-org/widgets: Widget.render NPE on null label.\n\n"
                        + "Widget#render throws a NullPointerException when the label is null. The problem is in "
                        + "`src/main/java/com/example/Widget.java` (render method).",
                null, null, new JobSource("ci-bot", "bench", String.valueOf(number)), "bench-jobs/" + UUID.randomUUID());
        return HttpRequest.newBuilder(uri("/jobs"))
                .header("Authorization", Tokens.bearer(Tokens.ACME))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(request)))
                .build();
    }

    /** Sends each request in turn, checks it was accepted as new (202), and returns each one's latency in nanoseconds. */
    private long[] timed(List<HttpRequest> requests, List<String> jobIds) throws Exception {
        return timed(requests, jobIds, 202);
    }

    private long[] timed(List<HttpRequest> requests, List<String> jobIds, int expected) throws Exception {
        long[] nanos = new long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(requests.get(i), HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            assertEquals(expected, response.statusCode(), new String(response.body()));
            if (jobIds != null) {
                Json.mapper().readTree(response.body()).path("jobs").forEach(j -> jobIds.add(j.asText()));
            }
        }
        return nanos;
    }

    /** Waits until the webhook processor has submitted every delivery's job, so it does not load the next phase. */
    private long awaitSubmitted(List<String> jobIds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        for (String id : jobIds) {
            while (http.send(HttpRequest.newBuilder(uri("/jobs/" + id)).header("Authorization", Tokens.bearer(Tokens.ACME)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("job " + id + " of a delivery was not submitted within 5 minutes");
                }
                Thread.sleep(20);
            }
        }
        return System.nanoTime() - start;
    }

    @Test
    void webhookAcknowledgementAgainstJobSubmission() throws Exception {
        // Requests are built (and deliveries signed) before any timing; numbers never repeat, so each is a new job.
        List<HttpRequest> warmDeliveries = new ArrayList<>();
        List<HttpRequest> warmJobs = new ArrayList<>();
        for (int i = 0; i < WARM_UP; i++) {
            warmDeliveries.add(delivery(50_000 + i));
            warmJobs.add(job(50_000 + i));
        }
        List<HttpRequest> paced = new ArrayList<>();
        List<HttpRequest> deliveries = new ArrayList<>();
        List<HttpRequest> jobs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            deliveries.add(delivery(100_000 + i));
            paced.add(delivery(200_000 + i));
            jobs.add(job(100_000 + i));
        }

        List<String> warmIds = new ArrayList<>();
        timed(warmDeliveries, warmIds);
        timed(warmJobs, null);
        awaitSubmitted(warmIds);

        List<String> webhookJobIds = new ArrayList<>();
        long webhookStart = System.nanoTime();
        long[] webhook = timed(deliveries, webhookJobIds);
        long webhookWall = System.nanoTime() - webhookStart;
        long drain = awaitSubmitted(webhookJobIds);
        String webhookProducer = Bench.producerMetrics(kafka.getProducer("webhooks-out").unwrap());

        long jobsStart = System.nanoTime();
        long[] submitted = timed(jobs, null);
        long jobsWall = System.nanoTime() - jobsStart;
        String statusProducer = Bench.producerMetrics(kafka.getProducer("status").unwrap());
        String jobsProducer = Bench.producerMetrics(kafka.getProducer("submitted-out").unwrap());
        Object linger = kafka.getProducer("status").configuration().get("linger.ms");

        // Diagnostic: the same requests again are duplicates (200) that write nothing to Kafka, so their latency is
        // everything but the broker: HTTP, signature, parsing, schema validation, mapping, status-view look-up.
        long[] webhookAgain = timed(deliveries, null, 200);
        long[] jobsAgain = timed(jobs, null, 200);

        // Diagnostic: each delivery sent only once the previous one's job is SUBMITTED (the wait is not timed), so no
        // processor work runs alongside the acknowledgement.
        long[] webhookPaced = new long[N];
        for (int i = 0; i < N; i++) {
            List<String> ids = new ArrayList<>();
            webhookPaced[i] = timed(List.of(paced.get(i)), ids)[0];
            awaitSubmitted(ids);
        }

        Bench.Report report = new Bench.Report("webhook-latency");
        report.row("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", embedded KRaft broker in this JVM");
        report.row("service roles", "ingest (webhook processor submits the jobs; nothing routes or decodes them)");
        report.row("requests", N + " sequential per kind, after " + WARM_UP + " warm-up requests of each; JDK HttpClient, HTTP/1.1 keep-alive");
        report.row("", "p50 / p95 / p99 / max / mean");
        report.row("POST /webhooks/github (issues, 202)", line(webhook) + " (" + Bench.fixed(N / (webhookWall / 1e9), 0) + " req/s)");
        report.row("POST /jobs (new key, 202)", line(submitted) + " (" + Bench.fixed(N / (jobsWall / 1e9), 0) + " req/s)");
        report.row("ratio p99 webhook / p99 jobs", Bench.fixed(Bench.percentileMs(webhook, 99) / Bench.percentileMs(submitted, 99), 2));
        report.row("ratio p50 webhook / p50 jobs", Bench.fixed(Bench.percentileMs(webhook, 50) / Bench.percentileMs(submitted, 50), 2));
        report.row("diagnostic: same webhooks again (200 duplicate, no Kafka write)", line(webhookAgain));
        report.row("diagnostic: same jobs again (200 duplicate, no Kafka write)", line(jobsAgain));
        report.row("diagnostic: webhooks paced (next sent once the last job is SUBMITTED)", line(webhookPaced));
        report.row("webhook jobs all SUBMITTED", Bench.fixed(drain / 1e6, 0) + " ms after the last acknowledgement");
        report.row("service linger.ms", linger == null ? "not set (Kafka 4 default: 5)" : linger);
        report.row("producer 'webhooks-out'", webhookProducer);
        report.row("producer 'status'", statusProducer);
        report.row("producer 'submitted-out'", jobsProducer);
        report.write();
    }

    private static String line(long[] nanos) {
        return Bench.fixed(Bench.percentileMs(nanos, 50), 2) + " / " + Bench.fixed(Bench.percentileMs(nanos, 95), 2) + " / "
                + Bench.fixed(Bench.percentileMs(nanos, 99), 2) + " / " + Bench.fixed(Bench.percentileMs(nanos, 100), 2) + " / "
                + Bench.fixed(Bench.meanMs(nanos), 2) + " ms";
    }
}
