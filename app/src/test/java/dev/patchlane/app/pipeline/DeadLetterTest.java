package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Unreadable records, mixed with good ones, go to the dead-letter topic with their reason; the consumers go on. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class DeadLetterTest {

    @Test
    void badRecordsAreDeadLetteredAndGoodRecordsAroundThemAreProcessed() {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        String repository = TestPipeline.prepared().plan().repository().toString();
        Job hostile = job("dlq-hostile-path", "dlq-hostile-path", repository);
        hostile = new Job(hostile.schemaVersion(), hostile.id(), hostile.kind(), hostile.repository(), hostile.baseRef(),
                List.of("../../etc/passwd"), hostile.instructions(), null, null, hostile.source(), hostile.idempotencyKey(), hostile.submittedAt(), hostile.tenant());
        Job oversized = job("dlq-oversized", "dlq-oversized", repository);
        oversized = new Job(oversized.schemaVersion(), oversized.id(), oversized.kind(), oversized.repository(), oversized.baseRef(),
                oversized.targetPaths(), "x".repeat(200_000), null, null, oversized.source(), oversized.idempotencyKey(), oversized.submittedAt(),
                oversized.tenant());
        Map<String, byte[]> bad = Map.of(
                "dlq-not-json", "{this is not json".getBytes(StandardCharsets.UTF_8),
                "dlq-wrong-shape", "{\"schemaVersion\":1,\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "dlq-binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2},
                "dlq-hostile-path", Json.write(hostile),
                "dlq-oversized", Json.write(oversized));
        String before = JobIds.fromIdempotencyKey("dlq-good-before");
        String after = JobIds.fromIdempotencyKey("dlq-good-after");
        TopicReader.write(bootstrap, Topics.SUBMITTED, before, Json.write(job(before, "dlq-good-before", repository)));
        bad.forEach((key, value) -> TopicReader.write(bootstrap, Topics.SUBMITTED, key, value));
        TopicReader.write(bootstrap, Topics.OUTCOMES, "dlq-bad-outcome", "[\"not an outcome\"]".getBytes(StandardCharsets.UTF_8));
        TopicReader.write(bootstrap, Topics.SUBMITTED, after, Json.write(job(after, "dlq-good-after", repository)));

        await().atMost(Duration.ofMinutes(2)).until(() -> Jobs.allTerminal(List.of(before, after)));
        assertEquals("PUBLISHED", Jobs.status(after).state().name());

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(bootstrap).keySet().containsAll(bad.keySet()));
        Map<String, List<ConsumerRecord<String, byte[]>>> letters = deadLetters(bootstrap);
        for (Map.Entry<String, byte[]> entry : bad.entrySet()) {
            ConsumerRecord<String, byte[]> letter = letters.get(entry.getKey()).get(0);
            assertArrayEquals(entry.getValue(), letter.value(), "the original bytes are kept");
            assertEquals(Topics.SUBMITTED, header(letter, "dead-letter-topic"));
            assertTrue(!header(letter, "dead-letter-reason").isBlank(), "a reason is given");
        }
        assertTrue(header(letters.get("dlq-not-json").get(0), "dead-letter-reason").contains("malformed JSON"));
        assertTrue(header(letters.get("dlq-wrong-shape").get(0), "dead-letter-reason").contains("job.schema.json"));
        assertTrue(header(letters.get("dlq-hostile-path").get(0), "dead-letter-reason").contains("$.targetPaths[0]"));
        assertTrue(header(letters.get("dlq-oversized").get(0), "dead-letter-reason").contains("$.instructions"));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(bootstrap).getOrDefault("dlq-bad-outcome", List.of()).size() == 2);
        List<String> readers = deadLetters(bootstrap).get("dlq-bad-outcome").stream().map(r -> header(r, "dead-letter-reason")).toList();
        assertTrue(readers.stream().allMatch(r -> r.contains("not a JSON object")), "both outcome readers (router and sink) explain: " + readers);
    }

    private static Job job(String id, String key, String repository) {
        return new Job(Job.SCHEMA_VERSION, id, JobKind.LINT_FIX, repository, "main", List.of("src/main/java/demo/lint/Widget1.java"),
                "Fix the lint findings.", null, null, new JobSource("ci-bot", "kafka-producer", null), key, Instant.now(), "acme");
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters(String bootstrap) {
        return TopicReader.readAll(bootstrap, Topics.DEAD_LETTER).stream()
                .filter(r -> r.key() != null && r.key().startsWith("dlq-"))
                .collect(Collectors.groupingBy(ConsumerRecord::key));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

}
