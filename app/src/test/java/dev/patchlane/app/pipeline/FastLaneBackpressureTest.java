package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

/**
 * The fast lane keeps 256 jobs in flight in one process and no more, and its Kafka consumer stops fetching while they
 * run instead of buffering the whole backlog.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(FastLaneBackpressureTest.FastWorkerOnly.class)
class FastLaneBackpressureTest {

    private static final String TOPIC = Topics.FAST + ".backpressure";
    private static final int JOBS = 700;
    private static final int IN_FLIGHT = 256;
    private static final int MAX_POLL = 32;

    public static class FastWorkerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestPipeline.config());
            config.put("patchlane.roles", "fast-worker");
            config.put("patchlane.topic.fast", TOPIC);
            config.put("mp.messaging.incoming.jobs-fast.group.id", "patchlane-fast-backpressure");
            config.put("mp.messaging.incoming.jobs-fast.max.poll.records", Integer.toString(MAX_POLL));
            // Every stream holds its slot for a while, so the lane fills up before any job ends.
            config.put("patchlane.lane.fast.emulator.time-to-first-token", "3s");
            config.put("patchlane.lane.fast.emulator.concurrent-streams", "1024");
            return config;
        }
    }

    @Test
    void theLaneFillsToItsLimitAndTheConsumerPausesInsteadOfBuffering() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        Map<String, byte[]> records = new java.util.LinkedHashMap<>();
        routedJobs().forEach(routed -> records.put(routed.job().id(), Json.write(routed)));
        Set<String> ids = new HashSet<>(records.keySet());
        TopicReader.writeAll(bootstrap, TOPIC, records);

        await().atMost(Duration.ofSeconds(60)).until(() -> running(bootstrap, ids) >= IN_FLIGHT);
        Thread.sleep(1000);
        assertEquals(IN_FLIGHT, running(bootstrap, ids), "jobs running at once while every stream waits for its first token");
        double fetched = recordsConsumed();
        // In flight, plus at most the connector's queue (2 polls) and one more poll.
        assertTrue(fetched <= IN_FLIGHT + 3 * MAX_POLL, "the consumer fetched " + fetched + " records while " + IN_FLIGHT + " ran");

        await().atMost(Duration.ofSeconds(120)).until(() -> latest(bootstrap, ids).values().stream().filter(JobStatus::isTerminal).count() == JOBS);
        assertEquals(IN_FLIGHT, peakOverlap(latest(bootstrap, ids).values()), "most jobs running at once, from their histories");
    }

    private static List<RoutedJob> routedJobs() throws Exception {
        String repository = TestPipeline.prepared().plan().repository().toString();
        String commit;
        try (Git git = Git.open(TestPipeline.prepared().plan().repository().toFile())) {
            commit = git.getRepository().resolve("HEAD").name();
        }
        Instant now = Instant.now();
        List<RoutedJob> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String key = "backpressure-" + i + "-" + now.toEpochMilli();
            Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey(key), JobKind.LINT_FIX, repository, commit,
                    List.of("README.md"), "Fix the lint findings.", null, null, new JobSource("api", "backpressure-test", null), key, now, "acme");
            List<Transition> history = List.of(new Transition(JobState.SUBMITTED, "test", now, null, "accepted"),
                    new Transition(JobState.ROUTED, "test", now, Lane.FAST, "bounded"));
            jobs.add(new RoutedJob(RoutedJob.SCHEMA_VERSION, job,
                    new RouteDecision(Lane.FAST, List.of("bounded"), new RouteFeatures(JobKind.LINT_FIX, 1, 100, false, List.of(), null)),
                    1, null, Usage.NONE, history, now));
        }
        return jobs;
    }

    private static Map<String, JobStatus> latest(String bootstrap, Set<String> ids) {
        Map<String, JobStatus> latest = new HashMap<>();
        TopicReader.readAll(bootstrap, Topics.STATUS).stream()
                .filter(record -> ids.contains(record.key()))
                .forEach(record -> latest.put(record.key(), Json.read(record.value(), JobStatus.class)));
        return latest;
    }

    private static long running(String bootstrap, Set<String> ids) {
        return latest(bootstrap, ids).values().stream().filter(status -> status.state() == JobState.RUNNING).count();
    }

    private static int peakOverlap(Iterable<JobStatus> statuses) {
        TreeMap<Instant, Integer> changes = new TreeMap<>();
        for (JobStatus status : statuses) {
            Instant started = null;
            for (Transition transition : status.history()) {
                if (transition.state() == JobState.RUNNING) {
                    started = transition.at();
                } else if (started != null && !transition.at().isBefore(started)) {
                    changes.merge(started, 1, Integer::sum);
                    changes.merge(transition.at(), -1, Integer::sum);
                    started = null;
                }
            }
        }
        int current = 0;
        int peak = 0;
        for (int change : changes.values()) {
            current += change;
            peak = Math.max(peak, current);
        }
        return peak;
    }

    private static double recordsConsumed() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        double total = 0;
        for (ObjectName name : server.queryNames(new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*"), null)) {
            if (name.getKeyProperty("client-id").contains("jobs-fast")) {
                total += ((Number) server.getAttribute(name, "records-consumed-total")).doubleValue();
            }
        }
        assertTrue(total > 0, "no fast-lane consumer metrics found");
        return total;
    }
}
