package dev.patchlane.app.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.kafka.EmbeddedKafkaBroker;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.RouteStats;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import dev.patchlane.router.stats.Decay;
import dev.patchlane.router.stats.StatsWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing statistics on the real broker, in one JVM: a redelivery of every outcome counts nothing twice; a fresh
 * view reads the same figures back; hostile records on the statistics topic are skipped and counted. Router processes
 * sharing the figures, one killed and one restarted, are {@link RoutingStatsProcessesTest}.
 */
class RoutingStatsBrokerTest {

    private static final String OUTCOMES = "test.outcomes";
    private static final String STATS = "test.routing.stats";
    private static final String GROUP = "test-router-stats";
    private static final String REPO = "https://github.com/acme/api";
    private static final String ALL = "all";
    private static final String FINE = "LINT_FIX|" + REPO + "|S|none";

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(OUTCOMES, 4, (short) 1),
                    new NewTopic(STATS, 4, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static RoutingStatsView view() {
        RoutingStatsView view = new RoutingStatsView();
        view.start(broker.bootstrapServers(), STATS);
        assertTrue(view.awaitReplayed(Duration.ofSeconds(30)));
        return view;
    }

    private static StatsWriter writer(RoutingStatsView view) {
        return StatsWriter.start(broker.bootstrapServers(), GROUP, OUTCOMES, STATS, new Decay(100, 15), view,
                bytes -> RecordReader.read(bytes, ContractSchema.OUTCOME, Outcome.class));
    }

    @Test
    void theFiguresSurviveRedeliveryARestartedViewAndHostileRecords() throws Exception {
        RoutingStatsView viewA = view();
        StatsWriter writerA = writer(viewA);
        await().atMost(Duration.ofSeconds(60)).until(() -> writerA.assigned() == 4);

        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            outcomes.add(StatsOutcomes.of("job-" + i, REPO, Lane.FAST, i % 5 != 0));
        }
        for (int i = 0; i < 20; i++) {
            outcomes.add(StatsOutcomes.of("job-" + (i * 5), REPO, Lane.DEEP, i % 4 != 0));
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Outcome outcome : outcomes) {
                producer.send(new ProducerRecord<>(OUTCOMES, outcome.job().id(), Json.write(outcome))).get();
            }
            producer.send(new ProducerRecord<>(OUTCOMES, "garbage", "{not an outcome".getBytes(StandardCharsets.UTF_8))).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> viewA.summary(ALL).outcomes() == 120);
        assertEquals(120, writerA.applied());
        assertEquals(1, writerA.unreadable());
        KeyStats shared = viewA.summary(FINE);
        assertEquals(120, shared.outcomes());
        // 100 fast attempts, 80 verified, among 120 outcomes decayed with a half-life of 100: about 63 left, about 80%
        assertTrue(shared.fast().attempts() > 45 && shared.fast().attempts() < 80, shared.toString());
        assertEquals(0.8, shared.fast().successes() / shared.fast().attempts(), 0.03, shared.toString());
        assertEquals(0.75, shared.deep().successes() / shared.deep().attempts(), 0.1, shared.toString());
        assertEquals(0.9, shared.fast().meanSeconds(), 1e-9);
        // the recent counts, half-life 15 fast outcomes of the key (deep ones do not age them): about 22 attempts' weight, at the same 80%
        assertTrue(shared.recentFast().attempts() > 15 && shared.recentFast().attempts() < 25, shared.toString());
        assertEquals(0.8, shared.recentFast().successes() / shared.recentFast().attempts(), 0.15, shared.toString());

        // A redelivery of every outcome (the group's offsets lost): nothing is counted twice.
        writerA.close();
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> earliest = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                earliest.put(new TopicPartition(OUTCOMES, p), new OffsetAndMetadata(0));
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.alterConsumerGroupOffsets(GROUP, earliest).all().get(10, TimeUnit.SECONDS) == null);
        }
        StatsWriter again = writer(viewA);
        await().atMost(Duration.ofSeconds(60)).until(() -> again.repeated() == 120 && again.unreadable() == 1);
        assertEquals(0, again.applied());
        assertTrue(viewA.awaitCaughtUp(Duration.ofSeconds(10)));
        assertEquals(shared, viewA.summary(FINE), "a redelivered outcome counts once");
        again.close();

        // A fresh process reads the same figures back from the compacted topic.
        viewA.close();
        RoutingStatsView restarted = view();
        assertEquals(shared, restarted.summary(FINE));

        // Hostile records: garbage, huge, another schema, a record under another's key, impossible counts.
        RouteStats real = restarted.get(FINE, 0).orElseThrow();
        String forged = new String(Json.write(real), StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(STATS, "x#0", new byte[] {0, 1, 2, (byte) 0xff})).get();
            producer.send(new ProducerRecord<>(STATS, "y#0", ("{\"schemaVersion\":1,\"pad\":\"" + "a".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(STATS, "z#0", "{\"schemaVersion\":2,\"key\":\"z\"}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(STATS, "all#0", forged.getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(STATS, real.recordKey(), forged.replace("\"successes\":", "\"successes\":1e9,\"was\":")
                    .getBytes(StandardCharsets.UTF_8))).get();
        }
        assertTrue(restarted.awaitCaughtUp(Duration.ofSeconds(30)));
        assertEquals(5, restarted.skipped(), restarted.lastSkipReason().orElse(""));
        assertEquals(shared, restarted.summary(FINE), "no hostile record changed a figure");
        RoutingStatsView another = view();
        assertEquals(5, another.skipped());
        assertEquals(shared, another.summary(FINE));
        restarted.close();
        another.close();
    }
}
