package dev.patchlane.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Topics;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * N jobs (default 10,000, {@code -Dbench.jobs}) through every stage (ingest's migration fan-out, router, fast worker,
 * sink) on the embedded broker with a decoder that takes about a millisecond, against {@link PlainKafkaRelay} carrying
 * records of the same sizes over the same hops in the same JVM. Then the same for jobs one at a time, for the latency a
 * job pays without a queue ahead of it. Run with {@code bench/pipeline-throughput}; not part of the build (see {@link Bench}).
 *
 * <p>A job's end-to-end time is from the instant its SUBMITTED status is stamped to the instant its PUBLISHED status is
 * stamped, both just before their write, in the pipeline and in the relay alike; throughput is N over the first of the
 * former to the last of the latter. Added latency at a percentile is the pipeline's end-to-end time at that percentile
 * minus the relay's.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(PipelineThroughputProfile.class)
@Tag("benchmark")
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class PipelineThroughputBenchmark {

    private static final int JOBS = Integer.getInteger("bench.jobs", 10_000);
    private static final int LATENCY_JOBS = Integer.getInteger("bench.latency-jobs", 100);
    private static final int WARM_UP_JOBS = Integer.getInteger("bench.warm-up-jobs", 300);
    private static final int FILES_PER_DIRECTORY = 100;
    /**
     * Jobs are spread over repositories of this many files, so a job's patch apply (JGit reads the whole tree into an
     * index) costs the same whatever N is.
     */
    private static final int FILES_PER_REPOSITORY = Integer.getInteger("bench.files-per-repository", 200);
    /** The relay's ingest writes this many jobs' records per round, as a batch a plain producer would. */
    private static final int RELAY_CHUNK = 500;
    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("bench.timeout-minutes", 30));

    @Inject
    KafkaClientService kafka;

    /** Throughput and latency of one run, pipeline or relay. */
    private record Run(int jobs, Instant first, Instant last, long[] endToEnd) {
        double jobsPerSecond() {
            return jobs / (Duration.between(first, last).toNanos() / 1e9);
        }

        double p(double percentile) {
            return Bench.percentileMs(endToEnd, percentile);
        }

        String describe() {
            return Bench.fixed(jobsPerSecond(), 0) + " jobs/s (" + Bench.fixed(Duration.between(first, last).toNanos() / 1e9, 2)
                    + " s); end-to-end p50 " + Bench.ms(p(50)) + ", p99 " + Bench.ms(p(99)) + ", max " + Bench.ms(p(100));
        }
    }

    @Test
    void jobsThroughEveryStage() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        Bench.Report report = new Bench.Report("pipeline-throughput");
        report.row("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", max heap " + Bench.mib(Bench.heapMax()) + ", embedded KRaft broker in this JVM");
        report.row("service", "every role; fast lane emulated with 0 ms to first token, 1e9 tok/s, 1 ms ticks; publish to patch files");
        List<Path> repos = repositories("bench-throughput-" + JOBS, JOBS);
        List<Path> warmUp = repositories("bench-throughput-warm-up-" + WARM_UP_JOBS, WARM_UP_JOBS);
        List<Path> oneAtATime = repositories("bench-throughput-latency-" + LATENCY_JOBS, LATENCY_JOBS);
        int partitions = partitions(bootstrap);

        carry(warmUp, "warm-up", 100_000);
        long cpuBefore = Bench.processCpuNanos();
        Map<String, Long> poolsBefore = Bench.threadCpuByPool();
        String loadBefore = Bench.loadAverage();
        List<PipelineRecords.Carried> pipelineJobs = carry(repos, "throughput", 100_000);
        long pipelineCpu = Bench.processCpuNanos() - cpuBefore;
        List<String> pipelinePools = Bench.cpuGrowth(poolsBefore, Bench.threadCpuByPool(), 14);
        String loadAfter = Bench.loadAverage();
        Run pipeline = pipelineRun(pipelineJobs);
        String serviceStatus = Bench.producerMetrics(kafka.getProducer("status").unwrap());
        String serviceJobs = Bench.producerMetrics(kafka.getProducer("submitted-out").unwrap());
        String serviceOutcomes = Bench.producerMetrics(kafka.getProducer("fast-outcomes").unwrap());
        System.out.println("bench pipeline-throughput: pipeline " + pipeline.describe() + "; status producer " + serviceStatus);
        List<PipelineRecords.Carried> aloneJobs = carry(oneAtATime, "latency", 1);
        Run pipelineAlone = pipelineRun(aloneJobs);
        System.out.println("bench pipeline-throughput: pipeline one at a time " + pipelineAlone.describe());

        Map<String, int[]> sizes = pipelineJobs.stream().collect(Collectors.toMap(PipelineRecords.Carried::jobId,
                PipelineRecords.Carried::sizes));
        List<String> ids = pipelineJobs.stream().map(PipelineRecords.Carried::jobId).toList();
        Run relay;
        Run relayAlone;
        String relayStatus;
        long relayCpu;
        try (PlainKafkaRelay plain = new PlainKafkaRelay(bootstrap, "bench.relay-" + System.currentTimeMillis(), partitions, sizes)) {
            plain.run(ids.subList(0, Math.min(WARM_UP_JOBS, ids.size())), RELAY_CHUNK, false, TIMEOUT);
            long relayCpuBefore = Bench.processCpuNanos();
            relay = relayRun(plain.run(ids, RELAY_CHUNK, false, TIMEOUT));
            relayCpu = Bench.processCpuNanos() - relayCpuBefore;
            relayStatus = plain.statusProducerMetrics();
            relayAlone = relayRun(plain.run(ids.subList(0, Math.min(LATENCY_JOBS, ids.size())), 1, true, TIMEOUT));
        }

        report.row("jobs", JOBS + " (a migration of " + JOBS + " one-file jobs over " + repos.size() + " repositories of " + FILES_PER_REPOSITORY
                + " files, fanned out at once), after " + WARM_UP_JOBS + " warm-up jobs");
        report.row("records per job", "9: 5 statuses, job, routed job, outcome, publication; mean bytes " + meanSizes(pipelineJobs));
        report.row("partitions per topic", partitions);
        report.row("pipeline", pipeline.describe());
        report.row("relay (plain clients, " + RELAY_CHUNK + "-job ingest rounds)", relay.describe());
        report.row("ratio pipeline / relay jobs/s", Bench.fixed(pipeline.jobsPerSecond() / relay.jobsPerSecond(), 3) + " (target >= 0.5)");
        report.row("added end-to-end under load p50 / p99", Bench.ms(pipeline.p(50) - relay.p(50)) + " / " + Bench.ms(pipeline.p(99) - relay.p(99)));
        report.row("one job at a time: pipeline (" + LATENCY_JOBS + " jobs, maxInFlight 1)", pipelineAlone.describe());
        report.row("one job at a time: relay", relayAlone.describe());
        report.row("added latency per job p50 / p99 (one at a time)", Bench.ms(pipelineAlone.p(50) - relayAlone.p(50)) + " / "
                + Bench.ms(pipelineAlone.p(99) - relayAlone.p(99)) + " (target p99 <= 25 ms)");
        report.row("process CPU per job: pipeline / relay", Bench.ms(pipelineCpu / 1e6 / JOBS) + " / " + Bench.ms(relayCpu / 1e6 / JOBS)
                + " (every thread of this JVM: service, broker, clients)");
        report.row("load average before / after the pipeline run", loadBefore + " / " + loadAfter + " (other processes share the cores)");
        report.row("service producer 'status'", serviceStatus);
        report.row("service producer 'submitted-out'", serviceJobs);
        report.row("service producer 'fast-outcomes'", serviceOutcomes);
        report.row("relay producer 'status'", relayStatus);
        report.row("service linger.ms status / submitted-out", kafka.getProducer("status").configuration().get("linger.ms") + " / "
                + kafka.getProducer("submitted-out").configuration().get("linger.ms"));
        report.note("one job at a time: time between a job's status transitions (stamped before each write), p50 / p99:");
        hops(aloneJobs).forEach(report::note);
        report.note("under load: the same, p50 / p99:");
        hops(pipelineJobs).forEach(report::note);
        report.note("pipeline run: CPU by thread pool (live threads, digits folded):");
        pipelinePools.forEach(report::note);
        report.write();
    }

    /** Submits a migration over every file of {@code repos} and reads every job's records until all ended. */
    private List<PipelineRecords.Carried> carry(List<Path> repos, String label, int maxInFlight) throws Exception {
        String id = "bench-throughput-" + label + "-" + System.currentTimeMillis();
        String manifest = "id: " + id + "\n"
                + "name: bench throughput " + label + "\n"
                + "instructions: |\n  Rename the setting.\n  rewrite: legacyTimeout -> requestTimeout\n"
                + "repositories:\n" + repos.stream().map(r -> "  - url: " + r + "\n    ref: main\n").collect(Collectors.joining())
                + "include: ['**/*.txt']\n"
                + "granularity: {unit: FILE}\n"
                + "maxInFlight: " + maxInFlight + "\n";
        try (PipelineRecords records = new PipelineRecords(EmbeddedKafkaResource.bootstrapServers())) {
            Response accepted = Jobs.as(Tokens.ACME).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8))
                    .post("/migrations");
            assertEquals(202, accepted.statusCode(), accepted.asString());
            List<PipelineRecords.Carried> carried = records.awaitEnded(id, countFiles(repos), TIMEOUT);
            Map<JobState, Long> states = carried.stream().collect(Collectors.groupingBy(PipelineRecords.Carried::finalState, Collectors.counting()));
            assertEquals(Map.of(JobState.PUBLISHED, (long) carried.size()), states, label + ": every job published");
            return carried;
        }
    }

    /** Per pair of consecutive transitions (e.g. SUBMITTED -> ROUTED, the router's part), their gaps' p50 and p99. */
    private static List<String> hops(List<PipelineRecords.Carried> jobs) {
        Map<String, List<Long>> gaps = new java.util.LinkedHashMap<>();
        for (PipelineRecords.Carried job : jobs) {
            List<dev.patchlane.contracts.Transition> history = job.history();
            for (int i = 1; i < history.size(); i++) {
                String hop = history.get(i - 1).state() + " -> " + history.get(i).state() + " (" + history.get(i).stage() + ")";
                gaps.computeIfAbsent(hop, h -> new java.util.ArrayList<>())
                        .add(Duration.between(history.get(i - 1).at(), history.get(i).at()).toNanos());
            }
        }
        return gaps.entrySet().stream().map(e -> {
            long[] nanos = e.getValue().stream().mapToLong(Long::longValue).toArray();
            return "  " + e.getKey() + ": " + Bench.ms(Bench.percentileMs(nanos, 50)) + " / " + Bench.ms(Bench.percentileMs(nanos, 99))
                    + " (" + nanos.length + " jobs)";
        }).toList();
    }

    private static Run pipelineRun(List<PipelineRecords.Carried> jobs) {
        return new Run(jobs.size(), jobs.stream().map(PipelineRecords.Carried::submitted).min(Comparator.naturalOrder()).orElseThrow(),
                jobs.stream().map(PipelineRecords.Carried::ended).max(Comparator.naturalOrder()).orElseThrow(),
                jobs.stream().mapToLong(PipelineRecords.Carried::endToEndNanos).toArray());
    }

    private static Run relayRun(List<PlainKafkaRelay.Relayed> jobs) {
        return new Run(jobs.size(), jobs.stream().map(PlainKafkaRelay.Relayed::submitted).min(Comparator.naturalOrder()).orElseThrow(),
                jobs.stream().map(PlainKafkaRelay.Relayed::ended).max(Comparator.naturalOrder()).orElseThrow(),
                jobs.stream().mapToLong(PlainKafkaRelay.Relayed::endToEndNanos).toArray());
    }

    private static String meanSizes(List<PipelineRecords.Carried> jobs) {
        String[] names = {"SUBMITTED", "job", "ROUTED", "routed", "RUNNING", "outcome", "PATCH_READY", "publication", "PUBLISHED"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < PipelineRecords.RECORDS; i++) {
            int at = i;
            double mean = jobs.stream().mapToInt(j -> j.sizes()[at]).filter(s -> s >= 0).average().orElse(0);
            long missing = jobs.stream().filter(j -> j.sizes()[at] < 0).count();
            text.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(Bench.fixed(mean, 0))
                    .append(missing > 0 ? " (" + missing + " not written)" : "");
        }
        return text.toString();
    }

    private static int partitions(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, Integer> counts = new HashMap<>();
            for (String topic : List.of(Topics.SUBMITTED, Topics.FAST, Topics.OUTCOMES, Topics.PUBLISHED, Topics.STATUS)) {
                counts.put(topic, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
            }
            if (counts.values().stream().distinct().count() != 1) {
                throw new IllegalStateException("the relay assumes one partition count for every topic: " + counts);
            }
            return counts.values().iterator().next();
        }
    }

    private static int countFiles(List<Path> repos) throws IOException {
        int count = 0;
        for (Path repo : repos) {
            try (var files = Files.walk(repo.resolve("src"))) {
                count += (int) files.filter(f -> f.toString().endsWith(".txt")).count();
            }
        }
        return count;
    }

    /** {@code files} files over repositories of {@link #FILES_PER_REPOSITORY} files each. */
    private static List<Path> repositories(String name, int files) throws IOException {
        List<Path> repos = new java.util.ArrayList<>();
        for (int first = 0; first < files; first += FILES_PER_REPOSITORY) {
            repos.add(repository(TestPipeline.dataDir().resolve(name).resolve("r" + repos.size()), first, Math.min(files, first + FILES_PER_REPOSITORY)));
        }
        return repos;
    }

    /** Files {@code from} to {@code to} (small text files with a setting to rename), 100 per directory, one commit on main. */
    private static Path repository(Path dir, int from, int to) throws IOException {
        if (Files.isDirectory(dir.resolve(".git"))) {
            return dir;
        }
        for (int i = from; i < to; i++) {
            Path directory = dir.resolve(String.format("src/d%03d", i / FILES_PER_DIRECTORY));
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(String.format("settings%03d.txt", i % FILES_PER_DIRECTORY)),
                    "timeout = legacyTimeout\nname = s" + i + "\n");
        }
        Git.run(dir, "init", "-q", "-b", "main");
        Git.run(dir, "add", ".");
        Git.run(dir, "commit", "-q", "-m", "settings");
        return dir;
    }
}
