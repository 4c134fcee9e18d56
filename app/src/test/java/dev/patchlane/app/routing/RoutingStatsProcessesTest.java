package dev.patchlane.app.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.kafka.EmbeddedKafkaBroker;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.pipeline.stats.KeyStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing statistics across router processes on a real KRaft broker: two JVMs, each its own view, writer and learned
 * policy in one consumer group, split the outcomes partitions and decide the same from the shared figures; one is
 * killed (SIGKILL) and the other takes its partitions over, counting every outcome once; a restarted process reads the
 * same figures back and decides the same.
 */
class RoutingStatsProcessesTest {

    private static final String OUTCOMES = "test.outcomes";
    private static final String STATS = "test.routing.stats";
    private static final String GROUP = "test-router-stats";
    private static final String REPO = "https://github.com/acme/api";
    private static final String ALL = "all";
    private static final String FINE = "LINT_FIX|" + REPO + "|S|none";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Router> routers = new ArrayList<>();
    private EmbeddedKafkaBroker broker;

    @AfterEach
    void stop() {
        routers.forEach(Router::close);
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void twoRouterProcessesShareTheFiguresAndASurvivorAndARestartKeepThem() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(OUTCOMES, 4, (short) 1), new NewTopic(STATS, 4, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Router a = start(broker, "router-a");
        Router b = start(broker, "router-b");
        a.awaitReady();
        b.awaitReady();
        await().atMost(WAIT).until(() -> a.counts().assigned() > 0 && b.counts().assigned() > 0
                && a.counts().assigned() + b.counts().assigned() == 4);

        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            outcomes.add(StatsOutcomes.of("job-" + i, REPO, Lane.FAST, i % 5 != 0));
        }
        for (int i = 0; i < 20; i++) {
            outcomes.add(StatsOutcomes.of("job-" + (i * 5), REPO, Lane.DEEP, i % 4 != 0));
        }
        write(broker, outcomes, true);
        await().atMost(WAIT).until(() -> a.stats(ALL).outcomes() == 120 && b.stats(ALL).outcomes() == 120);
        RouterStatsReplica.Counts aCounts = a.counts();
        RouterStatsReplica.Counts bCounts = b.counts();
        assertTrue(aCounts.applied() > 0 && bCounts.applied() > 0, "both processes wrote: " + aCounts + " " + bCounts);
        assertEquals(120, aCounts.applied() + bCounts.applied(), aCounts + " " + bCounts);
        assertEquals(1, aCounts.unreadable() + bCounts.unreadable(), aCounts + " " + bCounts);
        KeyStats shared = a.stats(FINE);
        assertEquals(shared, b.stats(FINE), "both processes see the same figures");
        assertEquals(120, shared.outcomes());
        assertEquals(0.8, shared.fast().successes() / shared.fast().attempts(), 0.03, shared.toString());
        String decision = a.decide("job-x");
        assertFastAtAboutEightyPercent(decision);
        assertTrue(decision.contains("fast outcomes of LINT_FIX on " + REPO + " (size S, no signals)"), decision);
        assertEquals(decision, b.decide("job-x"), "both processes decide the same from the shared figures");

        // A router process dies without closing anything; the survivor takes over its outcomes partitions.
        b.kill();
        List<Outcome> more = new ArrayList<>();
        for (int i = 120; i < 160; i++) {
            more.add(StatsOutcomes.of("job-" + i, REPO, Lane.FAST, i % 5 != 0));
        }
        write(broker, more, false);
        await().atMost(WAIT).until(() -> a.counts().assigned() == 4 && a.stats(ALL).outcomes() >= 160);
        KeyStats survived = a.stats(FINE);
        assertEquals(160, survived.outcomes(), "every outcome counted once: " + survived);
        assertEquals(160, a.stats(ALL).outcomes());
        assertEquals(aCounts.applied() + 40, a.counts().applied(), "the survivor applied the new outcomes, no older one again");
        assertEquals(0.8, survived.fast().successes() / survived.fast().attempts(), 0.03, survived.toString());

        // A restarted router process reads the same figures back, decides the same, and counts nothing again.
        Router c = start(broker, "router-c");
        c.awaitReady();
        assertEquals(survived, c.stats(FINE), "a restarted process reads the figures back");
        String survivorDecision = a.decide("job-y");
        assertFastAtAboutEightyPercent(survivorDecision);
        assertEquals(survivorDecision, c.decide("job-y"));
        await().atMost(WAIT).until(() -> c.counts().assigned() > 0 && a.counts().assigned() + c.counts().assigned() == 4);
        assertEquals(0, c.counts().applied(), c.counts().toString());
        assertEquals(survived, c.stats(FINE));
        assertEquals(survived, a.stats(FINE));
        System.out.println("RoutingStatsProcessesTest: applied " + aCounts.applied() + " + " + bCounts.applied() + " before the kill; "
                + survivorDecision);
    }

    /** The learned decision, "LANE reason", is fast from the evidence: four in five fast attempts verified. */
    private static void assertFastAtAboutEightyPercent(String decision) {
        Matcher matcher = Pattern.compile("FAST fast: P\\(success\\)=(\\d\\.\\d\\d) from \\d+ fast outcomes of ").matcher(decision);
        assertTrue(matcher.lookingAt(), decision);
        assertEquals(0.8, Double.parseDouble(matcher.group(1)), 0.05, decision);
    }

    private Router start(EmbeddedKafkaBroker broker, String name) throws IOException {
        Router router = Router.start(broker, name, dir);
        routers.add(router);
        return router;
    }

    private static void write(EmbeddedKafkaBroker broker, List<Outcome> outcomes, boolean garbage) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (Outcome outcome : outcomes) {
                producer.send(new ProducerRecord<>(OUTCOMES, outcome.job().id(), Json.write(outcome))).get(30, TimeUnit.SECONDS);
            }
            if (garbage) {
                producer.send(new ProducerRecord<>(OUTCOMES, "garbage", "{not an outcome".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A {@link RouterStatsReplica} process: one command, one answer. */
    private static final class Router implements AutoCloseable {

        private final Process process;
        private final PrintWriter commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        private Router(Process process) {
            this.process = process;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        answers.add(line);
                    }
                } catch (IOException e) {
                    answers.add("failed reading: " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Router start(EmbeddedKafkaBroker broker, String name, Path dir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    RouterStatsReplica.class.getName(), broker.bootstrapServers(), GROUP, OUTCOMES, STATS, REPO)
                    .redirectError(dir.resolve(name + ".log").toFile())
                    .start();
            return new Router(process);
        }

        void awaitReady() throws InterruptedException {
            assertEquals("ready", answers.poll(60, TimeUnit.SECONDS), "router process did not start; its stderr is in the test's temp dir");
        }

        KeyStats stats(String key) throws Exception {
            return Json.read(ask("stats " + key).getBytes(StandardCharsets.UTF_8), KeyStats.class);
        }

        String decide(String jobId) throws InterruptedException {
            return ask("decide " + jobId);
        }

        RouterStatsReplica.Counts counts() throws InterruptedException {
            return Json.read(ask("counts").getBytes(StandardCharsets.UTF_8), RouterStatsReplica.Counts.class);
        }

        private synchronized String ask(String command) throws InterruptedException {
            commands.println(command);
            String answer = answers.poll(60, TimeUnit.SECONDS);
            assertTrue(answer != null && !answer.startsWith("failed"), command + " answered " + answer);
            return answer;
        }

        /** SIGKILL: no shutdown hook, no consumer leaving its group, no last commit. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                commands.println("quit");
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }
}
