package dev.patchlane.app.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.GitHubRepository;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import dev.patchlane.sink.github.GitHubStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a three-broker cluster (replication factor 3, {@code min.insync.replicas=2}, idempotent producers with
 * {@code acks=all}): the broker leading most of the jobs' partitions is stopped mid-batch without handing anything over,
 * the two left take every write while it is down, and it is started again. Every job ends as it would have without the
 * failure, and none is doubled: one record per job on each topic it passes, one lifecycle, one branch, commit, pull
 * request and patch file.
 */
@QuarkusTest
@WithTestResource(KafkaClusterResource.class)
class BrokerFailoverTest {

    private static final Logger LOG = Logger.getLogger(BrokerFailoverTest.class);

    /** The topics every job's records pass through, whose leaders the failure moves. */
    private static final List<String> JOB_TOPICS = List.of(Topics.SUBMITTED, Topics.FAST, Topics.DEEP, Topics.OUTCOMES, Topics.STATUS,
            Topics.PUBLISHED);
    private static final String PROBE_TOPIC = "cluster-failover-probe";
    private static final int PROBES = 200;
    private static final List<JobState> PUBLISHED_LIFECYCLE = List.of(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING,
            JobState.PATCH_READY, JobState.PUBLISHED);
    private static final List<JobState> NO_CHANGE_LIFECYCLE = List.of(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING,
            JobState.NO_CHANGE);

    @Inject
    KafkaClientService clients;

    private final GitHubRepository github = GitHubRepository.instance(TestPipeline.dataDir());

    @Test
    void theLeaderStoppedMidBatchAndStartedAgainLosesNoJobAndDoublesNoEffect() throws Exception {
        String bootstrap = KafkaClusterResource.bootstrapServers();
        for (String channel : clients.getProducerChannels()) {
            Map<String, ?> config = clients.getProducer(channel).configuration();
            assertEquals("all", String.valueOf(config.get(ProducerConfig.ACKS_CONFIG)), channel);
            assertEquals("true", String.valueOf(config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)), channel);
        }
        List<String> allTopics = Stream.concat(Topics.ALL.stream(), Stream.of(PROBE_TOPIC)).toList();
        try (Partitions partitions = new Partitions(bootstrap)) {
            createProbeTopic(bootstrap);
            assertEquals(KafkaClusterResource.REPLICATION_FACTOR, partitions.smallestReplicaSet(allTopics));
            for (String topic : Topics.ALL) {
                assertEquals(Integer.toString(KafkaClusterResource.MIN_INSYNC_REPLICAS), partitions.minInsyncReplicas(topic), topic);
            }

            Map<String, JobRequest> jobs = new HashMap<>();
            List<String> before = submit(batch("before", 20), jobs);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> terminal(before) >= 1);
            int leader = partitions.busiestLeader(JOB_TOPICS);
            Map<Integer, Integer> leads = partitions.leaderCounts(JOB_TOPICS);
            long terminalAtStop = terminal(before);
            long stopped = System.nanoTime();
            KafkaClusterResource.stopNode(leader);
            assertTrue(terminalAtStop < before.size(), "the broker stopped mid-batch: " + terminalAtStop + " of " + before.size() + " terminal");
            assertTrue(leads.get(leader) > 0, "broker " + leader + " led some of the jobs' partitions: " + leads);

            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> partitions.fencedOut(leader, allTopics));
            long fenced = System.nanoTime();
            assertEquals(KafkaClusterResource.MIN_INSYNC_REPLICAS, partitions.smallestIsr(allTopics), partitions.summary(allTopics));
            writeProbes(bootstrap);
            // Each 202 means ingest's status and job records were acknowledged by both brokers left in sync.
            List<String> during = submit(batch("during", 8), jobs);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> terminal(during) >= 1);

            long restarted = System.nanoTime();
            KafkaClusterResource.startNode(leader);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> partitions.smallestIsr(allTopics) == KafkaClusterResource.REPLICATION_FACTOR);
            long inSync = System.nanoTime();
            List<String> ids = Stream.concat(before.stream(), during.stream()).toList();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> Jobs.allTerminal(ids));
            LOG.infof("stopped node %d (leading %s of the jobs' partitions by node) with %d of %d jobs ended; fenced out after %d ms; "
                    + "%d jobs submitted while it was down; down %d ms; back in every in-sync set %d ms after its start; %d jobs ended %d ms after the stop",
                    leader, leads, terminalAtStop, before.size(), millis(stopped, fenced), during.size(), millis(stopped, restarted),
                    millis(restarted, inSync), ids.size(), millis(stopped, System.nanoTime()));

            assertProbesOnce(bootstrap);
            assertEachJobOnce(bootstrap, ids, jobs);
        }
    }

    /** The demo repository's lint jobs (the first {@code widgets} single-file ones, the multi-file ones, the deep-lane ones, the clean ones) and a GitHub one. */
    private List<JobRequest> batch(String tag, int widgets) {
        List<JobRequest> lint = TestPipeline.prepared().plan().jobs().stream().filter(j -> j.kind() == JobKind.LINT_FIX).toList();
        List<JobRequest> chosen = new ArrayList<>();
        int widget = 0;
        for (JobRequest job : lint) {
            boolean single = job.targetPaths().get(0).contains("/lint/Widget");
            if (!single || widget++ < widgets) {
                chosen.add(new JobRequest(job.kind(), job.repository(), job.baseRef(), job.targetPaths(), job.instructions(), job.outputSchema(),
                        job.laneHint(), job.source(), job.idempotencyKey() + "-failover-" + tag));
            }
        }
        chosen.add(new JobRequest(JobKind.LINT_FIX, github.dir().toString(), "main", List.of(GitHubRepository.FILE), "Fix the lint findings.",
                null, null, null, "failover-github-" + tag));
        return chosen;
    }

    private static List<String> submit(List<JobRequest> requests, Map<String, JobRequest> jobs) {
        List<String> ids = new ArrayList<>();
        for (JobRequest request : requests) {
            String id = Jobs.submit(request);
            jobs.put(id, request);
            ids.add(id);
        }
        assertEquals(requests.size(), Set.copyOf(ids).size(), "one job per key");
        return ids;
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    private static long terminal(List<String> ids) {
        return ids.stream().map(Jobs::status).filter(s -> s != null && s.isTerminal()).count();
    }

    private static void createProbeTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(PROBE_TOPIC, 4, KafkaClusterResource.REPLICATION_FACTOR)
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(KafkaClusterResource.MIN_INSYNC_REPLICAS)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Idempotent {@code acks=all} writes while one of three brokers is down: each acknowledged by the two in sync. */
    private static void writeProbes(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                sent.add(producer.send(new ProducerRecord<>(PROBE_TOPIC, "probe-" + i, Integer.toString(i).getBytes())));
            }
            for (Future<?> ack : sent) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertProbesOnce(String bootstrap) {
        List<ConsumerRecord<String, byte[]>> probes = TopicReader.readAll(bootstrap, PROBE_TOPIC);
        assertEquals(PROBES, probes.size(), "every acknowledged write is there once, after the broker came back");
        assertEquals(PROBES, probes.stream().map(ConsumerRecord::key).distinct().count());
    }

    private void assertEachJobOnce(String bootstrap, List<String> ids, Map<String, JobRequest> jobs) throws Exception {
        Map<String, List<ConsumerRecord<String, byte[]>>> submitted = byKey(TopicReader.readAll(bootstrap, Topics.SUBMITTED));
        Map<String, List<ConsumerRecord<String, byte[]>>> routed = byKey(Stream.concat(TopicReader.readAll(bootstrap, Topics.FAST).stream(),
                TopicReader.readAll(bootstrap, Topics.DEEP).stream()).toList());
        Map<String, List<ConsumerRecord<String, byte[]>>> outcomes = byKey(TopicReader.readAll(bootstrap, Topics.OUTCOMES));
        Map<String, List<ConsumerRecord<String, byte[]>>> statuses = byKey(TopicReader.readAll(bootstrap, Topics.STATUS));
        Map<String, List<ConsumerRecord<String, byte[]>>> published = byKey(TopicReader.readAll(bootstrap, Topics.PUBLISHED));
        List<String> demoBranches = Git.run(TestPipeline.prepared().plan().repository(), "for-each-ref", "--format=%(refname:short)",
                "refs/heads/patchlane/").lines().toList();
        List<String> githubBranches = Git.run(github.remote(), "for-each-ref", "--format=%(refname:short)", "refs/heads/patchlane/")
                .lines().toList();
        for (String id : ids) {
            JobStatus status = Jobs.status(id);
            JobRequest request = jobs.get(id);
            boolean clean = request.targetPaths().get(0).contains("/clean/");
            List<JobState> lifecycle = status.history().stream().map(Transition::state).toList();
            assertEquals(clean ? NO_CHANGE_LIFECYCLE : PUBLISHED_LIFECYCLE, lifecycle, id + " " + request.targetPaths() + ": " + status.reason());
            assertEquals(1, submitted.getOrDefault(id, List.of()).size(), "one submitted record of " + id);
            assertEquals(1, routed.getOrDefault(id, List.of()).size(), "one routing of " + id);
            List<Outcome> attempts = outcomes.getOrDefault(id, List.of()).stream().map(r -> Json.read(r.value(), Outcome.class)).toList();
            assertEquals(List.of(1), attempts.stream().map(o -> o.routed().attempt()).toList(), "one outcome, of the one attempt, of " + id);
            assertOneLifecycle(id, status, statuses.getOrDefault(id, List.of()));
            boolean onGitHub = request.repository().equals(github.dir().toString());
            List<String> branches = (onGitHub ? githubBranches : demoBranches).stream().filter(b -> b.endsWith("/" + id)).toList();
            if (clean) {
                assertEquals(List.of(), branches, "no branch for " + id);
                assertEquals(0, published.getOrDefault(id, List.of()).size(), "nothing published for " + id);
                continue;
            }
            assertEquals(1, published.getOrDefault(id, List.of()).size(), "one publication record of " + id);
            assertEquals(List.of(status.publication().branch()), branches, "one branch of " + id);
            Path repository = onGitHub ? github.remote() : TestPipeline.prepared().plan().repository();
            String branch = branches.get(0);
            assertEquals(status.publication().commit(), Git.run(repository, "rev-parse", branch).strip(), id);
            assertEquals("1", Git.run(repository, "rev-list", "--count", "main.." + branch).strip(), "one commit on " + branch);
            Path patchFile = Path.of(status.publication().patchFile());
            try (Stream<Path> files = Files.list(patchFile.getParent())) {
                assertEquals(List.of(patchFile.getFileName().toString()), files.map(p -> p.getFileName().toString()).filter(n -> n.contains(id)).toList(),
                        "one patch file of " + id);
            }
            if (onGitHub) {
                List<GitHubStub.Pull> pulls = github.stub().pulls().stream().filter(p -> p.head().endsWith("/" + id)).toList();
                assertEquals(1, pulls.size(), "one pull request of " + id + ": " + pulls);
            }
        }
    }

    /** One status record per transition, each carrying the history so far: nothing written twice, no second lifecycle. */
    private static void assertOneLifecycle(String id, JobStatus last, List<ConsumerRecord<String, byte[]>> records) {
        List<List<Transition>> histories = records.stream().map(r -> Json.read(r.value(), JobStatus.class).history()).toList();
        for (List<Transition> history : histories) {
            assertTrue(history.size() <= last.history().size(), id + " has a status beyond its last: " + history);
            assertEquals(last.history().subList(0, history.size()), history, "every status of " + id + " is a step of its one lifecycle");
        }
        assertEquals(histories.size(), Set.copyOf(histories).size(), "no status of " + id + " written twice: " + histories);
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> byKey(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key));
    }
}
