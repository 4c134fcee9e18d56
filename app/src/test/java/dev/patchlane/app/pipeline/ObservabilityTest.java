package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.RecordedSpans;
import dev.patchlane.app.support.Scrape;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Topics;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an operator sees of a job on the real broker: its meters at /q/metrics and one trace across every Kafka hop. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class ObservabilityTest {

    @Inject
    RecordedSpans spans;

    @AfterEach
    void stopRecording() {
        spans.stop();
    }

    @Test
    void aFinishedJobShowsInTheMetersOnceWithItsLatencyAndDecodeSpeed() {
        Scrape before = Scrape.now();
        String id = Jobs.submit(lintFix("src/main/java/demo/lint/Widget6.java", "observe-metrics"));
        await().atMost(Duration.ofMinutes(1)).until(() -> state(id) == JobState.PUBLISHED);
        assertEquals(Lane.FAST, Jobs.status(id).lane());

        Map<String, String> published = Map.of("stage", "sink", "state", "PUBLISHED", "lane", "fast");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape after = Scrape.now();
            double counted = after.since(before, "patchlane_job_transitions_total", published);
            assertTrue(counted >= 1, "the publication is counted: " + counted);
            // Two exports of the same events: writes counted where written, states folded from the view. Equal only if
            // nothing is counted twice (every role of this process reads every status).
            assertEquals(counted, after.since(before, "patchlane_jobs", Map.of("state", "PUBLISHED", "lane", "fast")),
                    "publications counted once each");
            for (String state : List.of("SUBMITTED", "ROUTED", "RUNNING", "PATCH_READY")) {
                assertTrue(after.since(before, "patchlane_job_transitions_total", Map.of("state", state)) >= 1, state);
            }
            assertTrue(after.since(before, "patchlane_job_duration_seconds_count", Map.of("state", "PUBLISHED", "lane", "fast")) >= 1);
            assertTrue(after.since(before, "patchlane_job_duration_seconds_sum", Map.of("state", "PUBLISHED", "lane", "fast")) > 0);
            assertTrue(after.since(before, "patchlane_job_stage_duration_seconds_count", Map.of("stage", "router", "state", "ROUTED")) >= 1);
            assertTrue(after.since(before, "patchlane_job_stage_duration_seconds_count", published) >= 1);

            Map<String, String> fast = Map.of("lane", "fast");
            double attempts = after.since(before, "patchlane_decode_tokens_per_second_count", fast);
            assertTrue(attempts >= 1, "decode speed of the fast attempt");
            double tokensPerSecond = after.since(before, "patchlane_decode_tokens_per_second_sum", fast) / attempts;
            assertTrue(tokensPerSecond > 100, "the emulated fast class decodes at hundreds of tokens/s or more: " + tokensPerSecond);
            assertTrue(after.since(before, "patchlane_decode_time_to_first_token_seconds_count", fast) >= 1);
            assertTrue(after.since(before, "patchlane_attempt_cost_usd_total", fast) > 0, "cost at the fast lane's prices");
            assertTrue(after.since(before, "patchlane_attempts_total", Map.of("lane", "fast", "result", "PATCH_READY")) >= 1);
            assertTrue(after.since(before, "patchlane_attempt_tokens_total", Map.of("lane", "fast", "kind", "completion")) > 0);

            // Per-partition lag appears at the binder's next refresh (every 60 s); the consumer's own maximum is there from the start.
            List<Scrape.Sample> lag = after.matching("kafka_consumer_fetch_manager_records_lag_max", Map.of()).stream()
                    .filter(s -> s.labels().getOrDefault("client_id", "").contains("jobs-fast")).toList();
            assertFalse(lag.isEmpty(), "consumer lag of the fast lane's consumer");
        });
        Scrape after = Scrape.now();
        assertFalse(after.text().contains(id), "no job id in any tag");
        assertFalse(after.text().contains(TestPipeline.prepared().plan().repository().toString()), "no repository in any tag");
    }

    @Test
    void anUnreadableRecordShowsAsADeadLetterSent() {
        Map<String, String> deadLetters = Map.of("topic", Topics.FAST, "failure", "UnreadableRecordException");
        Scrape before = Scrape.now();
        TopicReader.write(EmbeddedKafkaResource.bootstrapServers(), Topics.FAST, "observe-unreadable",
                "{not a routed job".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                Scrape.now().since(before, "patchlane_dead_letters_total", deadLetters) == 1, "dead-lettered once"));
    }

    @Test
    void oneJobIsOneTraceFromItsPostToItsPublication() {
        spans.record();
        String id = Jobs.submit(lintFix("src/main/java/demo/lint/Widget7.java", "observe-trace"));
        await().atMost(Duration.ofMinutes(1)).until(() -> state(id) == JobState.PUBLISHED);

        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> finished = spans.finished();
            List<SpanData> posts = finished.stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /jobs")).toList();
            assertEquals(1, posts.size(), "one POST recorded: " + names(finished));
            String trace = posts.get(0).getTraceId();
            assertFalse(posts.get(0).getParentSpanContext().isValid(), "the POST starts the trace");

            // Each hop's consumer span, found by the job's own records (topic, partition, offset), is in the POST's trace.
            for (String topic : List.of(Topics.SUBMITTED, Topics.FAST, Topics.OUTCOMES)) {
                List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(bootstrap, topic).stream()
                        .filter(r -> id.equals(r.key())).toList();
                assertFalse(records.isEmpty(), topic);
                for (ConsumerRecord<String, byte[]> record : records) {
                    List<SpanData> received = finished.stream()
                            .filter(s -> s.getKind() == SpanKind.CONSUMER && topic.equals(attribute(s, "messaging.destination.name"))
                                    && String.valueOf(record.partition()).equals(attribute(s, "messaging.destination.partition.id"))
                                    && String.valueOf(record.offset()).equals(attribute(s, "messaging.kafka.offset")))
                            .toList();
                    assertFalse(received.isEmpty(), "a consumer span for " + topic + "@" + record.offset() + " in " + names(finished));
                    for (SpanData span : received) {
                        assertEquals(trace, span.getTraceId(), span.getName() + " " + span.getAttributes());
                    }
                }
            }
            Set<String> produced = finished.stream()
                    .filter(s -> s.getKind() == SpanKind.PRODUCER && trace.equals(s.getTraceId()))
                    .map(s -> attribute(s, "messaging.destination.name")).collect(Collectors.toSet());
            assertTrue(produced.containsAll(Set.of(Topics.SUBMITTED, Topics.STATUS, Topics.FAST, Topics.OUTCOMES, Topics.PUBLISHED)),
                    "ingest, router, worker and sink each write within the trace: " + produced);
            Set<String> groups = finished.stream()
                    .filter(s -> s.getKind() == SpanKind.CONSUMER && trace.equals(s.getTraceId()))
                    .map(s -> attribute(s, "messaging.consumer.group.name")).collect(Collectors.toSet());
            assertTrue(groups.containsAll(Set.of("patchlane-router", "patchlane-fast-worker", "patchlane-sink")), groups.toString());
        });
    }

    private static JobRequest lintFix(String path, String key) {
        return new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main", List.of(path),
                "Fix the lint findings.", null, null, null, key);
    }

    private static JobState state(String id) {
        JobStatus status = Jobs.status(id);
        return status == null ? null : status.state();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(key)).map(e -> String.valueOf(e.getValue())).findFirst().orElse(null);
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getTraceId().substring(0, 8)).toList();
    }
}
