package dev.patchlane.app.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.app.kafka.EmbeddedKafkaBroker;
import dev.patchlane.contracts.Json;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.kafka.TopicInitializer;
import dev.patchlane.pipeline.kafka.TopicSettings;
import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.pacing.PacingTicket;
import io.smallrye.config.WithDefault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sink replicas, each its own JVM with its own Kafka clients, publish pull requests for one installation at once
 * through the pacing topic on a real KRaft broker; the GitHub stub, over a real socket, must see their mutating calls
 * one spacing apart across both, none lost, while another installation's call is not held behind them, and hostile
 * records on the topic neither break nor stall the pacing.
 */
class SharedPacingTest {

    private static final long SPACING_MS = 600;
    // Each start may be late by the replica's read lag and HTTP send, never early; a loaded 2-core CI shows some.
    private static final long TOLERANCE_MS = 150;
    private static final String INSTALLATION_A = "ghs_installationAaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String INSTALLATION_B = "ghs_installationBbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String INSTALLATION_WARM_UP = "ghs_installationWwwwwwwwwwwwwwwwwwwwwwwww";

    @TempDir
    Path dir;

    @Test
    void twoSinkProcessesSpaceOneInstallationsMutatingCallsAndLeaveAnotherInstallationAlone() throws Exception {
        TopicNames topics = defaults(TopicNames.class);
        long bWait;
        long longestAfterHostile;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                GitHubStub github = GitHubStub.start().repository(PacingReplica.REPOSITORY, "main")
                        .acceptToken(INSTALLATION_A).acceptToken(INSTALLATION_B).acceptToken(INSTALLATION_WARM_UP)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicInitializer.ensure(admin, topics, topicSettings());
            }
            try (Replica first = Replica.start(broker, topics.pacing(), "sink-1", github, dir);
                    Replica second = Replica.start(broker, topics.pacing(), "sink-2", github, dir)) {
                first.awaitReady();
                second.awaitReady();
                // A fresh JVM's first pull request is late by class loading and the first connection, which shortens the gap after it.
                first.call(INSTALLATION_WARM_UP, "sink-1-warm-up", 0);
                second.call(INSTALLATION_WARM_UP, "sink-2-warm-up", 0);
                first.await(1);
                second.await(1);

                for (int i = 0; i < 3; i++) {
                    first.call(INSTALLATION_A, "sink-1-a-" + i, 0);
                    second.call(INSTALLATION_A, "sink-2-a-" + i, 0);
                }
                // Fired while installation A's queue is busy; paced together, it would wait at least one spacing.
                first.call(INSTALLATION_B, "sink-1-b-0", 900);
                Map<String, Done> phaseOne = new HashMap<>();
                phaseOne.putAll(first.await(4));
                phaseOne.putAll(second.await(3));

                hostileRecords(broker, topics.pacing());
                for (int i = 0; i < 2; i++) {
                    first.call(INSTALLATION_A, "sink-1-after-" + i, 0);
                    second.call(INSTALLATION_A, "sink-2-after-" + i, 0);
                }
                Map<String, Done> phaseTwo = new HashMap<>();
                phaseTwo.putAll(first.await(2));
                phaseTwo.putAll(second.await(2));

                bWait = phaseOne.get("sink-1-b-0").gateMillis();
                longestAfterHostile = phaseTwo.values().stream().mapToLong(Done::gateMillis).max().orElseThrow();
                assertTrue(phaseOne.values().stream().allMatch(d -> d.effect().equals("CREATED")), phaseOne.toString());
                assertTrue(phaseTwo.values().stream().allMatch(d -> d.effect().equals("CREATED")), phaseTwo.toString());
            }

            List<GitHubStub.Request> creates = github.requests().stream()
                    .filter(r -> r.method().equals("POST") && r.path().equals("/repos/acme/widgets/pulls"))
                    .sorted(java.util.Comparator.comparing(GitHubStub.Request::receivedAt)).toList();
            List<GitHubStub.Request> a = creates.stream().filter(r -> r.authorization().endsWith(INSTALLATION_A)).toList();
            List<String> heads = a.stream().map(SharedPacingTest::head).toList();
            assertEquals(10, heads.size(), "one create per call, none lost, none doubled: " + heads);
            assertEquals(10, Set.copyOf(heads).size(), heads.toString());
            assertTrue(heads.stream().anyMatch(h -> h.startsWith("sink-1-")) && heads.stream().anyMatch(h -> h.startsWith("sink-2-")));
            assertEquals(1, creates.stream().filter(r -> r.authorization().endsWith(INSTALLATION_B)).count());

            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < a.size(); i++) {
                gaps.add(Duration.between(a.get(i - 1).receivedAt(), a.get(i).receivedAt()).toMillis());
            }
            System.out.println("SharedPacingTest: installation A's creates ms apart " + gaps + "; installation B waited "
                    + bWait + " ms at the gate; after the hostile records the longest wait was " + longestAfterHostile + " ms");
            assertTrue(longestAfterHostile < 10 * SPACING_MS, "hostile records stalled the lane: " + longestAfterHostile + " ms");
            assertTrue(bWait < SPACING_MS / 2, "installation B's call was held behind A's for " + bWait + " ms");
            assertTrue(gaps.stream().allMatch(gap -> gap >= SPACING_MS - TOLERANCE_MS),
                    "installation A's mutating calls across both replicas, ms apart: " + gaps + " (heads " + heads + ")");
            List<Instant> phaseOneTimes = a.subList(0, 6).stream().map(GitHubStub.Request::receivedAt).toList();
            assertTrue(Duration.between(phaseOneTimes.get(0), phaseOneTimes.get(5)).toMillis() >= 5 * SPACING_MS - TOLERANCE_MS,
                    "six calls span at least five spacings: " + gaps);
        }
    }

    /**
     * Garbage bytes, a record of 900 KB, a ticket under another lane's key, another schema version, a re-sent copy of
     * a ticket already admitted, and a forged ticket asking for no spacing at all.
     */
    private static void hostileRecords(EmbeddedKafkaBroker broker, String topic) throws Exception {
        String ticketJson = firstTicket(broker, topic);
        byte[] copy = ticketJson.getBytes(StandardCharsets.UTF_8);
        PacingTicket admitted = PacingTicket.parse(keyOf(ticketJson), copy);
        byte[] huge = new byte[900 * 1024];
        Arrays.fill(huge, (byte) '[');
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            List<ProducerRecord<String, byte[]>> records = List.of(
                    new ProducerRecord<>(topic, admitted.lane(), new byte[] {(byte) 0xff, 0, (byte) 0xfe, '{', '"'}),
                    new ProducerRecord<>(topic, admitted.lane(), huge),
                    new ProducerRecord<>(topic, null, (byte[]) null),
                    new ProducerRecord<>(topic, "another lane", copy),
                    new ProducerRecord<>(topic, admitted.lane(), new String(copy, StandardCharsets.UTF_8)
                            .replace("\"schemaVersion\":1", "\"schemaVersion\":99").getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(topic, admitted.lane(), copy),
                    new ProducerRecord<>(topic, admitted.lane(), new PacingTicket(admitted.lane(), "intruder", "forged-1", 0,
                            0).toBytes()));
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The value of the topic's first record, a real ticket of one of the replicas. */
    private static String firstTicket(EmbeddedKafkaBroker broker, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    return new String(record.value(), StandardCharsets.UTF_8);
                }
            }
            throw new AssertionError("no ticket on " + topic);
        }
    }

    private static String keyOf(String ticketJson) throws IOException {
        return Json.mapper().readTree(ticketJson).get("lane").textValue();
    }

    private static String head(GitHubStub.Request request) {
        try {
            JsonNode body = Json.mapper().readTree(request.body());
            return body.get("head").textValue();
        } catch (IOException e) {
            throw new AssertionError("unreadable create request " + request, e);
        }
    }

    /** A call's effect and how long it waited at the replica's pacing gate. */
    private record Done(String head, String effect, long gateMillis) {
    }

    /** A {@link PacingReplica} process and its answers. */
    private static final class Replica implements AutoCloseable {

        private final Process process;
        private final PrintWriter commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        private Replica(Process process) {
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

        static Replica start(EmbeddedKafkaBroker broker, String topic, String id, GitHubStub github, Path dir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    PacingReplica.class.getName(), broker.bootstrapServers(), topic, id, github.url().toString(), Long.toString(SPACING_MS))
                    .redirectError(dir.resolve(id + ".log").toFile())
                    .start();
            return new Replica(process);
        }

        void awaitReady() throws InterruptedException {
            String line = answers.poll(60, TimeUnit.SECONDS);
            assertEquals("ready", line, "replica did not start; its stderr is in the test's temp dir");
        }

        void call(String token, String head, long delayMs) {
            commands.println("call " + token + " " + head + " " + delayMs);
        }

        Map<String, Done> await(int count) throws InterruptedException {
            Map<String, Done> done = new HashMap<>();
            while (done.size() < count) {
                String line = answers.poll(60, TimeUnit.SECONDS);
                assertTrue(line != null && line.startsWith("done "), "replica answered " + line + " after " + done);
                String[] parts = line.split(" ");
                done.put(parts[1], new Done(parts[1], parts[2], Long.parseLong(parts[3])));
            }
            return done;
        }

        @Override
        public void close() throws InterruptedException {
            commands.println("quit");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The application's topic names, from their declared defaults. */
    @SuppressWarnings("unchecked")
    private static <T> T defaults(Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args)
                : method.getAnnotation(WithDefault.class).value();
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static TopicSettings topicSettings() {
        return new TopicSettings() {
            @Override
            public boolean createTopics() {
                return true;
            }

            @Override
            public int partitions() {
                return 1;
            }

            @Override
            public short replicationFactor() {
                return 1;
            }

            @Override
            public java.util.OptionalInt minInsyncReplicas() {
                return java.util.OptionalInt.empty();
            }

            @Override
            public Duration deliveriesRetention() {
                return Duration.ofDays(7);
            }

            @Override
            public Duration pacingRetention() {
                return Duration.ofHours(1);
            }
        };
    }
}
