package dev.patchlane.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Usage;
import dev.patchlane.pipeline.status.JobStatuses;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fan-out of a 10,000-file migration (one job per file) by a process with the ingest role only, against plain Kafka
 * producers writing the same number of job and status records to the same broker in the same JVM. Run with
 * {@code bench/migration-fanout}; not part of the build (see {@link Bench}).
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(IngestOnlyProfile.class)
@Tag("benchmark")
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class MigrationFanOutBenchmark {

    private static final int DIRECTORIES = Integer.getInteger("bench.directories", 100);
    private static final int FILES_PER_DIRECTORY = Integer.getInteger("bench.files-per-directory", 100);
    private static final int WARM_UP_RECORDS = 500;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String INSTRUCTIONS = "Rename the setting.\nrewrite: legacyTimeout -> requestTimeout\n";
    private static final String NAME = "bench fan-out";
    private static final String BENCH_JOBS = "bench.jobs";
    private static final String BENCH_STATUS = "bench.status";

    @Inject
    KafkaClientService kafka;

    /** One baseline run: how long, and what its producer says about where the time went. */
    private record Baseline(String label, long nanos, int jobs, String metrics) {
        double seconds() {
            return nanos / 1e9;
        }

        double jobsPerSecond() {
            return jobs / seconds();
        }
    }

    @Test
    void fanOutOfTenThousandFiles() throws Exception {
        int files = DIRECTORIES * FILES_PER_DIRECTORY;
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        Bench.Report report = new Bench.Report("migration-fanout");
        report.row("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", max heap " + Bench.mib(Bench.heapMax()) + ", embedded KRaft broker in this JVM");
        report.row("service roles", "ingest (jobs written to Kafka, not routed or decoded)");

        long start = System.nanoTime();
        Path repo = repository(files);
        String commit = Git.run(repo, "rev-parse", "HEAD").strip();
        report.row("repository", DIRECTORIES + " dirs x " + FILES_PER_DIRECTORY + " files = " + files + " files (created in "
                + Bench.fixed((System.nanoTime() - start) / 1e9, 1) + " s, not timed)");

        createBenchTopics(bootstrap);
        long heapStart = Bench.heapAfterGc();

        // Baselines first, on the same broker: each job is a status record, then a job record, as ingest writes them.
        // The awaited baseline uses the service's producer settings (linger.ms=0); Kafka's default 5 ms is a slow diagnostic.
        Baseline awaited = baseline(bootstrap, repo, commit, files, "awaited", true, Map.of(ProducerConfig.LINGER_MS_CONFIG, "0"));
        Baseline batched = baseline(bootstrap, repo, commit, files, "batched", false, Map.of());
        Baseline defaultLinger = Boolean.getBoolean("bench.default-linger")
                ? baseline(bootstrap, repo, commit, files, "awaited-default-linger", true, Map.of()) : null;

        long heapBefore = Bench.heapAfterGc();
        Map<String, long[]> histogramBefore = Bench.classHistogram();
        String id = "bench-fanout-" + System.currentTimeMillis();
        String manifest = "id: " + id + "\n"
                + "name: " + NAME + "\n"
                + "instructions: |\n  Rename the setting.\n  rewrite: legacyTimeout -> requestTimeout\n"
                + "repositories:\n  - url: " + repo + "\n    ref: main\n"
                + "include: ['**/*.txt']\n"
                + "granularity: {unit: FILE}\n"
                + "maxInFlight: 100000\n";

        Instant postedAt = Instant.now();
        long posted = System.nanoTime();
        Response accepted = Jobs.as(Tokens.ACME).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8)).post("/migrations");
        assertEquals(202, accepted.statusCode(), accepted.asString());

        long heapMid = -1;
        int polls = 0;
        long done;
        Map<String, Object> fanOut;
        long deadline = posted + Duration.ofMinutes(30).toNanos();
        while (true) {
            Response progress = Jobs.as(Tokens.ACME).get("/migrations/" + id);
            polls++;
            long now = System.nanoTime();
            fanOut = progress.jsonPath().getMap("fanOut");
            String phase = String.valueOf(fanOut.get("phase"));
            int jobs = progress.jsonPath().getInt("jobs");
            if ("DONE".equals(phase) && jobs == files) {
                done = now;
                break;
            }
            if ("FAILED".equals(phase) || "CANCELLED".equals(phase) || "DONE".equals(phase)) {
                fail("fan-out ended " + phase + " with " + jobs + " jobs: " + progress.asString());
            }
            if (now > deadline) {
                fail("fan-out not done after 30 minutes: " + progress.asString());
            }
            if (heapMid < 0 && jobs >= files / 2) {
                heapMid = Bench.heapAfterGc();
            }
            Thread.sleep(POLL.toMillis());
        }
        double fanOutSeconds = (done - posted) / 1e9;
        String serviceStatus = Bench.producerMetrics(kafka.getProducer("status").unwrap());
        String serviceJobs = Bench.producerMetrics(kafka.getProducer("submitted-out").unwrap());
        Object serviceLinger = kafka.getProducer("status").configuration().get(ProducerConfig.LINGER_MS_CONFIG);
        long heapAfter = Bench.heapAfterGc();
        Map<String, long[]> histogramAfter = Bench.classHistogram();

        // Server-side instants of each job's SUBMITTED transition (same JVM, same clock as postedAt).
        List<Instant> submitted = submittedInstants(id);
        assertEquals(files, submitted.size(), "one job per file");
        assertEquals(files, endOffsets(bootstrap, Topics.SUBMITTED), "one job record per file on " + Topics.SUBMITTED);
        Instant first = submitted.get(0);
        Instant last = submitted.get(submitted.size() - 1);
        int slice = Math.min(2000, files / 2);
        double firstRate = slice / seconds(submitted.get(0), submitted.get(slice - 1));
        double lastRate = slice / seconds(submitted.get(files - slice), submitted.get(files - 1));

        report.row("baseline awaited (acks=all, linger.ms=0, get() per send)", Bench.fixed(awaited.seconds(), 2) + " s, "
                + Bench.fixed(awaited.jobsPerSecond(), 0) + " jobs/s (" + 2 * files + " records)");
        report.row("baseline batched (acks=all, no wait)", Bench.fixed(batched.seconds(), 2) + " s, "
                + Bench.fixed(batched.jobsPerSecond(), 0) + " jobs/s");
        if (defaultLinger != null) {
            report.row("diagnostic: awaited with Kafka's default linger.ms", Bench.fixed(defaultLinger.seconds(), 2) + " s, "
                    + Bench.fixed(defaultLinger.jobsPerSecond(), 0) + " jobs/s");
        }
        report.row("fan-out: POST -> DONE, jobs=" + files, Bench.fixed(fanOutSeconds, 2) + " s (polled every " + POLL.toMillis() + " ms, "
                + polls + " polls)");
        report.row("fan-out jobs/s", Bench.fixed(files / fanOutSeconds, 0));
        report.row("  POST -> first job SUBMITTED", Bench.fixed(seconds(postedAt, first), 2) + " s (pick-up, clone, snapshot)");
        report.row("  first -> last job SUBMITTED", Bench.fixed(seconds(first, last), 2) + " s ("
                + Bench.fixed((files - 1) / seconds(first, last), 0) + " jobs/s, " + Bench.fixed(seconds(first, last) * 1000 / (files - 1), 2)
                + " ms/job)");
        report.row("  rate first / last " + slice + " jobs", Bench.fixed(firstRate, 0) + " / " + Bench.fixed(lastRate, 0) + " jobs/s");
        report.row("ratio fan-out / awaited baseline", Bench.fixed(fanOutSeconds / awaited.seconds(), 2));
        report.row("ratio fan-out / batched baseline", Bench.fixed(fanOutSeconds / batched.seconds(), 1));
        report.row("heap after GC: start / before fan-out", Bench.mib(heapStart) + " / " + Bench.mib(heapBefore));
        report.row("heap after GC: at >= " + files / 2 + " jobs / after DONE", Bench.mib(heapMid) + " / " + Bench.mib(heapAfter));
        report.row("heap growth during fan-out", Bench.mib(heapAfter - heapBefore) + " (" + (heapAfter - heapBefore) / files
                + " bytes/job)");
        report.row("service linger.ms", serviceLinger == null ? "not set (Kafka 4 default: 5)" : serviceLinger);
        report.row("service producer 'status'", serviceStatus);
        report.row("service producer 'submitted-out'", serviceJobs);
        report.row("baseline awaited producer", awaited.metrics());
        report.row("baseline batched producer", batched.metrics());
        if (defaultLinger != null) {
            report.row("baseline default-linger producer", defaultLinger.metrics());
        }
        report.note("fanOut counters: " + fanOut);
        report.note("live heap growth by class, before fan-out -> after DONE (jcmd GC.class_histogram):");
        Bench.growth(histogramBefore, histogramAfter, 12).forEach(report::note);
        report.write();
        assertTrue(heapMid > 0);
    }

    /** A repository of {@code files} small text files in {@link #DIRECTORIES} directories, one commit on main. */
    private static Path repository(int files) throws IOException {
        Path dir = TestPipeline.dataDir().resolve("bench-migration-" + files);
        if (Files.isDirectory(dir.resolve(".git"))) {
            return dir;
        }
        for (int d = 0; d < DIRECTORIES; d++) {
            Path directory = dir.resolve(String.format("src/d%03d", d));
            Files.createDirectories(directory);
            for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
                Files.writeString(directory.resolve(String.format("settings%03d.txt", f)), "timeout = legacyTimeout\nname = s" + d + "-" + f + "\n");
            }
        }
        Git.run(dir, "init", "-q", "-b", "main");
        Git.run(dir, "add", ".");
        Git.run(dir, "commit", "-q", "-m", "settings");
        return dir;
    }

    /** Topics shaped like the pipeline's (same partitions; the status copy compacted), apart from its own. */
    private static void createBenchTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(Topics.SUBMITTED)).allTopicNames().get().get(Topics.SUBMITTED).partitions().size();
            NewTopic jobs = new NewTopic(BENCH_JOBS, partitions, (short) 1);
            NewTopic status = new NewTopic(BENCH_STATUS, partitions, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(jobs, status)).all().get();
        }
    }

    /**
     * Writes {@code jobs} jobs as the service does, a status record and a job record each, serialised from the same
     * contract records, either waiting for every acknowledgement (as KafkaSender does) or all at once.
     */
    private static Baseline baseline(String bootstrap, Path repo, String commit, int jobs, String label, boolean await,
            Map<String, String> overrides) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(overrides);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < WARM_UP_RECORDS; i++) {
                producer.send(new ProducerRecord<>(BENCH_JOBS, "warm-up-" + label + "-" + i, new byte[512])).get();
            }
            List<Future<RecordMetadata>> pending = new ArrayList<>(await ? 0 : 2 * jobs);
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                String path = String.format("src/d%03d/settings%03d.txt", i / FILES_PER_DIRECTORY, i % FILES_PER_DIRECTORY);
                String key = "migration:bench-baseline-" + label + ":" + i;
                String jobId = JobIds.fromIdempotencyKey(key);
                Job job = new Job(Job.SCHEMA_VERSION, jobId, JobKind.MIGRATION, repo.toString(), commit, List.of(path), INSTRUCTIONS,
                        null, null, new JobSource("migration", NAME, "bench-baseline-" + label), key, Instant.now());
                JobStatus status = JobStatuses.of(job, JobStatuses.append(List.of(), JobState.SUBMITTED, "ingest", null,
                        "accepted from migration"), Usage.NONE, null);
                Future<RecordMetadata> statusSent = producer.send(new ProducerRecord<>(BENCH_STATUS, jobId, Json.write(status)));
                if (await) {
                    statusSent.get();
                    producer.send(new ProducerRecord<>(BENCH_JOBS, jobId, Json.write(job))).get();
                } else {
                    pending.add(statusSent);
                    pending.add(producer.send(new ProducerRecord<>(BENCH_JOBS, jobId, Json.write(job))));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> sent : pending) {
                sent.get();
            }
            long nanos = System.nanoTime() - start;
            return new Baseline(label, nanos, jobs, Bench.producerMetrics(producer));
        }
    }

    private static List<Instant> submittedInstants(String migrationId) throws IOException {
        byte[] body = Jobs.as(Tokens.ACME).get("/jobs?limit=1000000").then().statusCode(200).extract().asByteArray();
        JobStatus[] all = Json.mapper().readValue(body, JobStatus[].class);
        return Arrays.stream(all)
                .filter(s -> s.source() != null && migrationId.equals(s.source().reference()))
                .map(s -> s.history().get(0).at())
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private static long endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
