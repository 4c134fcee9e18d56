package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.deep.DeepLaneConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.eclipse.jgit.api.Git;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A deep job that runs much longer than the consumer's {@code max.poll.interval.ms} costs no rebalance and keeps health
 * UP: the connector polls on its own thread (pausing the partitions while the lane is full) and the job runs on a worker
 * thread. The interval is 6 s here instead of Kafka's 300 s default so that the job only needs to be slow for seconds.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(LongDeepJobTest.DeepWorkerOnly.class)
class LongDeepJobTest {

    private static final String DEEP = Topics.DEEP + ".long-job";
    private static final String OUTCOMES = Topics.OUTCOMES + ".long-job";
    private static final String GROUP = "patchlane-deep-long-job";
    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(6);
    private static final List<String> HEALTH = List.of("/q/health", "/q/health/live", "/q/health/ready");

    public static class DeepWorkerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestPipeline.config());
            config.put("patchlane.roles", "deep-worker");
            config.put("patchlane.topic.deep", DEEP);
            config.put("patchlane.topic.outcomes", OUTCOMES);
            config.put("mp.messaging.incoming.jobs-deep.group.id", GROUP);
            config.put("mp.messaging.incoming.jobs-deep.max.poll.interval.ms", Long.toString(MAX_POLL_INTERVAL.toMillis()));
            // Every turn of the deep model waits this long for its first token: the job lasts several intervals.
            config.put("patchlane.lane.deep.emulator.time-to-first-token", "8s");
            return config;
        }
    }

    @Inject
    KafkaClientService kafka;

    @Inject
    DeepLaneConfig deep;

    @Test
    void aDeepJobLongerThanTheMaxPollIntervalCausesNoRebalanceAndHealthStaysUp() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer("jobs-deep");
        await().atMost(Duration.ofSeconds(30)).until(() -> members(bootstrap).size() == 1);
        Set<String> membersBefore = members(bootstrap);
        double rebalancesBefore = rebalances(consumer);

        RoutedJob routed = routedJob();
        String id = routed.job().id();
        TopicReader.write(bootstrap, DEEP, id, Json.write(routed));

        List<String> unhealthy = new CopyOnWriteArrayList<>();
        List<Set<String>> membersSeen = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Integer> probes = CompletableFuture.supplyAsync(() -> probe(bootstrap, done, unhealthy, membersSeen));
        Outcome outcome;
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> !outcomes(bootstrap, id).isEmpty());
            outcome = outcomes(bootstrap, id).get(0);
        } finally {
            done.set(true);
        }
        int probed = probes.get(30, TimeUnit.SECONDS);

        Duration ran = between(outcome.history(), JobState.RUNNING);
        assertTrue(ran.compareTo(MAX_POLL_INTERVAL.multipliedBy(2)) > 0, "the attempt ran " + ran + ", more than twice the max poll interval");
        assertEquals(1, outcomes(bootstrap, id).size(), "one outcome for the job");
        assertEquals(1, outcome.history().stream().filter(t -> t.state() == JobState.RUNNING).count(), "one attempt: " + outcome.history());
        assertTrue(probed >= 10, "health was probed throughout the job (" + probed + " rounds)");
        assertEquals(List.of(), unhealthy, "every health probe answered UP while the job ran");
        assertTrue(membersSeen.stream().allMatch(membersBefore::equals), "the group kept its one member: " + membersBefore + " then " + membersSeen);
        assertEquals(rebalancesBefore, rebalances(consumer), "the consumer saw no rebalance");
        JobStatus status = latestStatus(bootstrap, id);
        assertTrue(status.state() != JobState.RUNNING && status.state() != JobState.DEAD, "the job moved on from RUNNING: " + status.state());

        // The check above can fail: a polling thread held longer than the interval makes the member leave and rejoin.
        consumer.runOnPollingThread(c -> {
            sleep(MAX_POLL_INTERVAL.plusSeconds(4));
            return null;
        }).await().atMost(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> rebalances(consumer) > rebalancesBefore);
        assertNotEquals(membersBefore, members(bootstrap), "the blocked consumer rejoined the group as a new member");
    }

    @Test
    void theDeepLanesUnacknowledgedRecordLimitOutlastsADeepAttempt() {
        long maxAge = ConfigProvider.getConfig().getValue("mp.messaging.incoming.jobs-deep.throttled.unprocessed-record-max-age.ms", Long.class);
        // The wall budget is checked before each turn, so the last turn may add a whole decode timeout, then the checks.
        Duration attempt = deep.agent().maxWallTime().plus(deep.timeout());
        assertTrue(Duration.ofMillis(maxAge).compareTo(attempt.plusMinutes(10)) >= 0,
                "a record may stay unacknowledged " + Duration.ofMillis(maxAge) + "; a deep attempt may take " + attempt + " plus its checks");
    }

    private static int probe(String bootstrap, AtomicBoolean done, List<String> unhealthy, List<Set<String>> membersSeen) {
        int rounds = 0;
        while (!done.get()) {
            for (String path : HEALTH) {
                var response = RestAssured.given().get(path);
                if (response.statusCode() != 200 || !response.asString().contains("\"UP\"")) {
                    unhealthy.add(Instant.now() + " " + path + " " + response.statusCode() + " " + response.asString());
                }
            }
            membersSeen.add(members(bootstrap));
            rounds++;
            sleep(Duration.ofMillis(500));
        }
        return rounds;
    }

    private static Set<String> members(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> ids = new TreeSet<>();
            for (MemberDescription member : admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members()) {
                ids.add(member.consumerId());
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double rebalances(KafkaConsumer<Object, Object> consumer) {
        Map<MetricName, Metric> metrics = consumer.runOnPollingThread(c -> {
            return Map.<MetricName, Metric>copyOf(c.metrics());
        }).await().atMost(Duration.ofSeconds(30));
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("consumer-coordinator-metrics") && e.getKey().name().equals("rebalance-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static List<Outcome> outcomes(String bootstrap, String id) {
        List<Outcome> found = new ArrayList<>();
        TopicReader.readAll(bootstrap, OUTCOMES).stream().filter(r -> id.equals(r.key()))
                .forEach(r -> found.add(Json.read(r.value(), Outcome.class)));
        return found;
    }

    private static JobStatus latestStatus(String bootstrap, String id) {
        JobStatus latest = null;
        for (var record : TopicReader.readAll(bootstrap, Topics.STATUS)) {
            if (id.equals(record.key())) {
                latest = Json.read(record.value(), JobStatus.class);
            }
        }
        return latest;
    }

    /** From the attempt's RUNNING to the transition after it. */
    private static Duration between(List<Transition> history, JobState from) {
        for (int i = 0; i < history.size() - 1; i++) {
            if (history.get(i).state() == from) {
                return Duration.between(history.get(i).at(), history.get(i + 1).at());
            }
        }
        throw new AssertionError("no " + from + " followed by another state in " + history);
    }

    private static RoutedJob routedJob() throws Exception {
        String repository = TestPipeline.prepared().plan().repository().toString();
        String commit;
        try (Git git = Git.open(TestPipeline.prepared().plan().repository().toFile())) {
            commit = git.getRepository().resolve("HEAD").name();
        }
        Instant now = Instant.now();
        String key = "long-deep-job-" + now.toEpochMilli();
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey(key), JobKind.LINT_FIX, repository, commit,
                List.of("README.md"), "Fix the lint findings.", null, null, new JobSource("api", "long-deep-job-test", null), key, now, "acme");
        List<Transition> history = List.of(new Transition(JobState.SUBMITTED, "test", now, null, "accepted"),
                new Transition(JobState.ROUTED, "test", now, Lane.DEEP, "security-critical"));
        return new RoutedJob(RoutedJob.SCHEMA_VERSION, job,
                new RouteDecision(Lane.DEEP, List.of("security-critical"), new RouteFeatures(JobKind.LINT_FIX, 1, 100, false, List.of(), null)),
                1, null, Usage.NONE, history, now);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
