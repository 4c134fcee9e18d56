package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
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
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.pipeline.status.JobStatuses;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two ingest replicas that both saw no job for a key write it at the same moment, as two processes would: each its own
 * SUBMITTED status and job record, straight to the real broker. The router routes one of them; the other is dropped,
 * so each key is one job: one routing, one attempt per lane, one publication.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class OneJobPerKeyTest {

    private static final int KEYS = 8;

    @Test
    void twoReplicasWritingOneNewKeyAtOnceMakeOneJob() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        String repository = TestPipeline.prepared().plan().repository().toString();
        List<String> ids = IntStream.range(0, KEYS).mapToObj(i -> JobIds.fromIdempotencyKey("two-replicas-" + i)).toList();
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < KEYS; i++) {
                String key = "two-replicas-" + i;
                Instant now = Instant.now();
                CountDownLatch together = new CountDownLatch(1);
                List<Future<?>> writes = List.of(
                        replicas.submit(() -> writeAsReplica(bootstrap, together, job(key, repository, now))),
                        replicas.submit(() -> writeAsReplica(bootstrap, together, job(key, repository, now.plusMillis(1)))));
                together.countDown();
                for (Future<?> write : writes) {
                    write.get();
                }
            }
        } finally {
            replicas.shutdown();
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> Jobs.allTerminal(ids));
        Map<String, List<ConsumerRecord<String, byte[]>>> routedFast = byKey(TopicReader.readAll(bootstrap, Topics.FAST));
        Map<String, List<ConsumerRecord<String, byte[]>>> outcomes = byKey(TopicReader.readAll(bootstrap, Topics.OUTCOMES));
        Map<String, List<ConsumerRecord<String, byte[]>>> published = byKey(TopicReader.readAll(bootstrap, Topics.PUBLISHED));
        for (String id : ids) {
            JobStatus status = Jobs.status(id);
            assertEquals(JobState.PUBLISHED, status.state(), status.toString());
            assertEquals(2, TopicReader.readAll(bootstrap, Topics.SUBMITTED).stream().filter(r -> id.equals(r.key())).count(),
                    "both replicas wrote the job");
            assertEquals(1, routedFast.getOrDefault(id, List.of()).size(), "one routing of " + id);
            assertEquals(1, outcomes.getOrDefault(id, List.of()).stream().map(r -> Json.read(r.value(), Outcome.class))
                    .filter(o -> o.lane() == dev.patchlane.contracts.Lane.FAST).count(), "one fast attempt of " + id);
            assertEquals(1, published.getOrDefault(id, List.of()).size(), "one publication of " + id);
            assertTrue(status.history().stream().filter(t -> t.state() == JobState.ROUTED).count() == 1, status.history().toString());
        }
    }

    /** A bot that writes to the submitted topic directly bypasses ingest; the router refuses before any fetch. */
    @Test
    void aBotRecordNamingAForbiddenRepositoryEndsDeadWithTheRuleAndNothingIsFetched() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        try (java.net.ServerSocket gitServer = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            gitServer.setSoTimeout(1);
            Job loopback = job("bot-loopback", "http://127.0.0.1:" + gitServer.getLocalPort() + "/x.git", Instant.now());
            Job fileUrl = job("bot-file-url", "file://" + TestPipeline.prepared().plan().repository(), Instant.now());
            Job etc = job("bot-etc", "/etc", Instant.now());
            for (Job job : List.of(loopback, fileUrl, etc)) {
                TopicReader.write(bootstrap, Topics.SUBMITTED, job.id(), Json.write(job));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Jobs.allTerminal(List.of(loopback.id(), fileUrl.id(), etc.id())));
            assertDeadBy(loopback.id(), "PRIVATE_ADDRESS");
            assertDeadBy(fileUrl.id(), "FILE_SCHEME");
            assertDeadBy(etc.id(), "LOCAL_PATH_NOT_ALLOWED");
            try {
                gitServer.accept().close();
                throw new AssertionError("something connected to the forbidden repository's host");
            } catch (java.net.SocketTimeoutException expected) {
                // nothing tried to fetch it
            }
        }
    }

    private static void assertDeadBy(String id, String rule) {
        JobStatus status = Jobs.status(id);
        assertEquals(JobState.DEAD, status.state(), status.toString());
        assertTrue(status.reason().contains(rule), status.reason());
    }

    private static Job job(String key, String repository, Instant submittedAt) {
        return new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey(key), JobKind.LINT_FIX, repository, "main",
                List.of("src/main/java/demo/lint/Widget2.java"), "Fix the lint findings.", null, null, new JobSource("api", "replica", null),
                key, submittedAt, "acme");
    }

    /** What ingest writes for a new job: its SUBMITTED status, acknowledged, then the job record. */
    private static void writeAsReplica(String bootstrap, CountDownLatch together, Job job) {
        try {
            together.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<Transition> submitted = List.of(new Transition(JobState.SUBMITTED, "ingest", job.submittedAt(), null, "accepted from api"));
        JobStatus status = JobStatuses.of(job, submitted, Usage.NONE, null);
        TopicReader.write(bootstrap, Topics.STATUS, job.id(), Json.write(status));
        TopicReader.write(bootstrap, Topics.SUBMITTED, job.id(), Json.write(job));
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> byKey(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key));
    }
}
