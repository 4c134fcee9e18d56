package dev.patchlane.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.pipeline.status.JobStatuses;
import dev.patchlane.pipeline.status.store.StatusStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Heap of the status view as the number of jobs grows, on the embedded broker: a process with the ingest role consumes
 * 10,000 and then 100,000 realistic statuses from the status topic into its on-disk store; a fresh store then replays the
 * topic (a restart) and answers for every job; the old in-memory map filled with the same records is the baseline. Run
 * with {@code bench/status-memory}; not part of the build (see {@link Bench}).
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(IngestOnlyProfile.class)
@Tag("benchmark")
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class StatusMemoryBenchmark {

    private static final int FIRST = Integer.getInteger("bench.first-jobs", 10_000);
    private static final int TOTAL = Integer.getInteger("bench.total-jobs", 100_000);
    private static final int TOMBSTONES = 100;
    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    private static final Instant BASE = Instant.now().minus(Duration.ofDays(1));
    private static final String INSTRUCTIONS_NOTE = "rewrite: legacyTimeout -> requestTimeout in every settings file of the service";

    @Inject
    JobStatusView view;

    @Inject
    TopicNames topics;

    @Test
    void heapStaysFlatAsJobsGrow() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        String topic = topics.status();
        assertTrue(view.awaitReplayed(Duration.ofMinutes(1)), "the view replays the (empty) status topic");
        long already = total(view.counts());
        checkRecordsAreReadable();

        Bench.Report report = new Bench.Report("status-memory");
        report.row("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", max heap " + Bench.mib(Bench.heapMax()) + ", embedded KRaft broker in this JVM");
        report.row("service roles", "ingest (its JobStatusView consumes " + topic + ")");

        long heapStart = settledHeap();
        long sentBytes = produce(bootstrap, topic, 0, FIRST);
        long caughtUpFirst = awaitView(already + FIRST);
        long heapFirst = settledHeap();
        long rssFirst = rssBytes();
        long committedFirst = committedHeap();

        long sentMore = produce(bootstrap, topic, FIRST, TOTAL);
        long caughtUpTotal = awaitView(already + TOTAL);
        long heapTotal = settledHeap();
        long rssTotal = rssBytes();
        long committedTotal = committedHeap();
        double averageRecord = (double) (sentBytes + sentMore) / TOTAL;

        // A restart: a fresh store replays the whole topic from its beginning, then every job is asked for.
        Path restartDir = Path.of(System.getProperty("java.io.tmpdir"), "patchlane-status-bench-" + UUID.randomUUID());
        long replayNanos;
        long queryNanos;
        int answered = 0;
        int wrongState = 0;
        long storeBytes;
        long replayed;
        long nativeAfterReplay;
        long nativeAfterGets;
        try (StatusStore store = StatusStore.open(restartDir)) {
            JobStatusView restarted = new JobStatusView(store);
            long start = System.nanoTime();
            replayed = replay(bootstrap, topic, restarted);
            replayNanos = System.nanoTime() - start;
            storeBytes = directorySize(restartDir);
            nativeAfterReplay = store.nativeMemoryBytes();
            start = System.nanoTime();
            for (int i = 0; i < TOTAL; i++) {
                JobStatus status = restarted.get(jobId(i)).orElse(null);
                if (status != null) {
                    answered++;
                    if (status.state() != stateOf(i)) {
                        wrongState++;
                    }
                }
            }
            queryNanos = System.nanoTime() - start;
            nativeAfterGets = store.nativeMemoryBytes();
        }

        // The tombstone path of the live view, through the connector: a null value removes the job.
        tombstones(bootstrap, topic, TOMBSTONES);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (view.get(jobId(TOMBSTONES - 1)).isPresent() || view.get(jobId(0)).isPresent()) {
            if (System.nanoTime() > deadline) {
                fail("tombstones not applied by the view within a minute");
            }
            Thread.sleep(50);
        }
        long afterTombstones = total(view.counts()) - already;

        // Baseline: the in-memory view as it was, a ConcurrentHashMap of the same statuses read from the same JSON.
        long baselineStart = settledHeap();
        Map<String, JobStatus> map = new ConcurrentHashMap<>();
        fillMap(map, 0, FIRST);
        long baselineFirst = settledHeap();
        fillMap(map, FIRST, TOTAL);
        long baselineTotal = settledHeap();
        assertEquals(TOTAL, map.size());
        map.clear();

        long storeGrowth = heapTotal - heapFirst;
        long mapGrowth = baselineTotal - baselineFirst;
        double storeRatio = (double) heapTotal / heapFirst;
        double mapRatio = (double) baselineTotal / baselineFirst;
        report.row("records", TOTAL + " statuses (" + FIRST + " then " + (TOTAL - FIRST) + "), avg " + Bench.fixed(averageRecord, 0)
                + " bytes of JSON, histories of 1-6 transitions, written batched to " + topic);
        report.row("view caught up", FIRST + " in " + Bench.fixed(caughtUpFirst / 1e9, 1) + " s, " + (TOTAL - FIRST) + " more in "
                + Bench.fixed(caughtUpTotal / 1e9, 1) + " s (" + Bench.fixed((TOTAL - FIRST) / (caughtUpTotal / 1e9), 0) + " statuses/s)");
        report.row("heap after GC: start / " + FIRST + " / " + TOTAL + " jobs (store)", Bench.mib(heapStart) + " / " + Bench.mib(heapFirst)
                + " / " + Bench.mib(heapTotal));
        report.row("heap growth " + FIRST + " -> " + TOTAL + " (store)", Bench.mib(storeGrowth) + " (" + storeGrowth / (TOTAL - FIRST)
                + " bytes/job)");
        report.row("ratio heap(" + TOTAL + ") / heap(" + FIRST + ") (store)", Bench.fixed(storeRatio, 3) + " (target <= 1.10)");
        report.row("baseline map: heap before / " + FIRST + " / " + TOTAL, Bench.mib(baselineStart) + " / " + Bench.mib(baselineFirst)
                + " / " + Bench.mib(baselineTotal));
        report.row("baseline map growth " + FIRST + " -> " + TOTAL, Bench.mib(mapGrowth) + " (" + mapGrowth / (TOTAL - FIRST) + " bytes/job)");
        report.row("ratio heap(" + TOTAL + ") / heap(" + FIRST + ") (map)", Bench.fixed(mapRatio, 3));
        report.row("process RSS / heap committed at " + FIRST + " / " + TOTAL, Bench.mib(rssFirst) + " / " + Bench.mib(committedFirst)
                + " at " + FIRST + ", " + Bench.mib(rssTotal) + " / " + Bench.mib(committedTotal) + " at " + TOTAL);
        report.row("restart: fresh store replays topic", replayed + " records in " + Bench.fixed(replayNanos / 1e9, 2) + " s ("
                + Bench.fixed(replayed / (replayNanos / 1e9), 0) + " records/s), store on disk " + Bench.mib(storeBytes));
        report.row("restart: get() of every job", answered + " / " + TOTAL + " answered, " + wrongState + " in a wrong state, in "
                + Bench.fixed(queryNanos / 1e9, 2) + " s (" + Bench.fixed(queryNanos / 1e3 / TOTAL, 1) + " us/get)");
        report.row("restart store's native memory (cache + table readers)", Bench.mib(nativeAfterReplay) + " after the replay, "
                + Bench.mib(nativeAfterGets) + " after every get (block cache and write buffers 8 MiB each, the defaults)");
        report.row("tombstones through the connector", TOMBSTONES + " written, view holds " + afterTombstones + " of " + TOTAL + " jobs after");
        report.write();

        assertEquals(TOTAL, answered, "every job answers after the restart");
        assertEquals(0, wrongState);
        assertEquals(TOTAL - TOMBSTONES, afterTombstones);
    }

    /** The status of job {@code i}: most are done (published, failed, no change), some still on their way. */
    private static JobStatus record(int i) {
        String jobId = jobId(i);
        String path = String.format("services/s%03d/src/main/resources/config/settings%03d.properties", i / 1000, i % 1000);
        Job job = new Job(Job.SCHEMA_VERSION, jobId, JobKind.MIGRATION, "https://github.com/acme/platform-services.git",
                "3f2b8c1d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c", List.of(path), INSTRUCTIONS_NOTE, null, null,
                new JobSource("migration", "rename legacyTimeout", "mig-" + (i / 10_000)), "migration:bench-status:" + i, BASE, "acme");
        JobState end = stateOf(i);
        Instant at = BASE.plusMillis(i * 5L);
        List<Transition> history = new ArrayList<>();
        history.add(new Transition(JobState.SUBMITTED, "ingest", at, null, "accepted from migration mig-" + (i / 10_000)
                + " (rename legacyTimeout), file group " + path + ", 1 of 1 files, tenant acme, quota 412 of 10,000 jobs this hour"));
        Usage usage = Usage.NONE;
        Publication publication = null;
        if (end != JobState.SUBMITTED) {
            history.add(new Transition(JobState.ROUTED, "router", at.plusMillis(1), Lane.FAST, "fast lane: 1 file, 1,412 estimated"
                    + " prompt tokens of 128,000, no output schema, no security-sensitive path matched (auth, crypto, input validation);"
                    + " rule small-bounded-change"));
        }
        if (end != JobState.SUBMITTED && end != JobState.ROUTED) {
            history.add(new Transition(JobState.RUNNING, "fast-worker", at.plusMillis(2), Lane.FAST, "decoding on codex-spark-class"
                    + " (emulated wse3), attempt 1 of 2, workspace checked out at 3f2b8c1"));
            usage = new Usage(1412 + i % 97, 188 + i % 13);
        }
        if (end == JobState.PUBLISHED || end == JobState.FAILED) {
            history.add(new Transition(JobState.PATCH_READY, "fast-worker", at.plusMillis(3), Lane.FAST, "patch of 1 file (+1 -1) passed"
                    + " the safety rules and the repository's checks: ./gradlew check (exit 0, 41.2 s), verified in bwrap sandbox"));
        }
        if (end == JobState.PUBLISHED) {
            history.add(new Transition(JobState.PUBLISHED, "sink", at.plusMillis(4), Lane.FAST, "pull request opened"));
            publication = new Publication(Publication.SCHEMA_VERSION, jobId, JobKind.MIGRATION, job.repository(),
                    JobIds.branchName(JobKind.MIGRATION, jobId), "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", null,
                    List.of(new PublicationTarget("github", PublishEffect.CREATED, "https://github.com/acme/platform-services/pull/" + (1000 + i),
                            "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", "opened as draft, labels: patchlane, migration")),
                    null, at.plusMillis(4), null, null, null);
        }
        if (end == JobState.FAILED) {
            history.add(new Transition(JobState.FAILED, "sink", at.plusMillis(4), Lane.FAST, "the base branch moved and the patch no longer"
                    + " applies: hunk 1 of services/config/settings.properties failed at line 12 (expected 'timeout = legacyTimeout')"));
        }
        if (end == JobState.NO_CHANGE) {
            history.add(new Transition(JobState.NO_CHANGE, "fast-worker", at.plusMillis(3), Lane.FAST, "the file already uses"
                    + " requestTimeout; the model returned an empty diff and the checks were not run"));
        }
        Verification verification = end == JobState.PUBLISHED || end == JobState.FAILED ? verification(i) : null;
        return JobStatuses.of(job, history, usage, publication, verification, null);
    }

    private static Verification verification(int i) {
        return new Verification(VerificationVerdict.VERIFIED, "bwrap", List.of(
                new CheckResult("build", "./gradlew check --offline", CheckStatus.PASSED, 0, 41_200 + i % 1000,
                        "> Task :services:s" + (i / 1000) + ":test\n\nBUILD SUCCESSFUL in 41s\n37 actionable tasks: 12 executed, 25 up-to-date",
                        null, CheckStatus.PASSED),
                new CheckResult("config-lint", "./scripts/lint-config.sh services", CheckStatus.PASSED, 0, 2_100,
                        "checked 214 property files, 0 problems", null, CheckStatus.PASSED)),
                "2 of 2 checks passed on the patched checkout; both passed on the base commit", 43_300 + i % 1000);
    }

    private static JobState stateOf(int i) {
        return switch (i % 10) {
            case 0, 1, 2, 3, 4, 5 -> JobState.PUBLISHED;
            case 6 -> JobState.FAILED;
            case 7 -> JobState.NO_CHANGE;
            case 8 -> JobState.RUNNING;
            default -> i % 20 == 9 ? JobState.ROUTED : JobState.SUBMITTED;
        };
    }

    private static String jobId(int i) {
        return JobIds.fromIdempotencyKey("migration:bench-status:" + i);
    }

    /** Every kind of record passes the status schema, so the view takes them all (an unreadable one would be dead-lettered). */
    private static void checkRecordsAreReadable() {
        for (int i = 0; i < 20; i++) {
            assertEquals(record(i), RecordReader.read(Json.write(record(i)), ContractSchema.JOB_STATUS, JobStatus.class));
        }
    }

    /** Writes the statuses of jobs [from, to) without waiting for each; returns the bytes of JSON written. */
    private static long produce(String bootstrap, String topic, int from, int to) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                byte[] json = Json.write(record(i));
                bytes += json.length;
                producer.send(new ProducerRecord<>(topic, jobId(i), json), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return bytes;
    }

    private static void tombstones(String bootstrap, String topic, int count) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, jobId(i), null));
            }
            producer.flush();
        }
    }

    /** Waits until the live view holds {@code jobs}; returns how long that took. */
    private long awaitView(long jobs) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + CATCH_UP.toNanos();
        while (total(view.counts()) < jobs) {
            if (System.nanoTime() > deadline) {
                fail("the view holds " + total(view.counts()) + " of " + jobs + " jobs after " + CATCH_UP);
            }
            Thread.sleep(20);
        }
        return System.nanoTime() - start;
    }

    /** Reads the topic from its beginning to its current end into {@code into}, as the view's consumer does at start-up. */
    private static long replay(String bootstrap, String topic, JobStatusView into) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        long records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    into.consume(record);
                    records++;
                }
            }
        }
        return records;
    }

    private static void fillMap(Map<String, JobStatus> map, int from, int to) {
        for (int i = from; i < to; i++) {
            JobStatus status = RecordReader.read(Json.write(record(i)), ContractSchema.JOB_STATUS, JobStatus.class);
            map.merge(status.jobId(), status, JobStatuses::newer);
        }
    }

    private static long total(Map<JobState, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The least heap in use over a few full collections, so a collection that ran into concurrent work does not count. */
    private static long settledHeap() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, Bench.heapAfterGc());
            Thread.sleep(200);
        }
        return least;
    }

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    private static long committedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
