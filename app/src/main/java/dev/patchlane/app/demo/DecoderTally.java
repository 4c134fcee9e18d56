package dev.patchlane.app.demo;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Per lane and decoder, what the demo's attempts cost and how fast they were, read back from the outcomes topic. */
final class DecoderTally {

    private DecoderTally() {
    }

    static List<Outcome> read(String bootstrap, String topic, Set<String> ids) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Outcome> outcomes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (ids.contains(record.key())) {
                        outcomes.add(Json.read(record.value(), Outcome.class));
                    }
                });
            }
        }
        return outcomes;
    }

    static String render(Collection<Outcome> outcomes) {
        Map<String, List<Outcome>> byDecoder = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            byDecoder.computeIfAbsent(describe(outcome), key -> new ArrayList<>()).add(outcome);
        }
        StringBuilder out = new StringBuilder("decoders (per attempt):\n");
        byDecoder.forEach((decoder, attempts) -> {
            List<Long> ttft = attempts.stream().map(o -> o.timings().timeToFirstTokenMs()).sorted().toList();
            List<Double> speed = attempts.stream().map(o -> o.timings().tokensPerSecond()).filter(s -> s > 0).sorted().toList();
            double cost = attempts.stream().mapToDouble(Outcome::costUsd).sum();
            out.append(String.format(Locale.ROOT, "  %s: %d attempts, TTFT p50 %d ms, %,.0f tok/s p50, cost estimate $%.4f%n", decoder,
                    attempts.size(), ttft.get(ttft.size() / 2), speed.isEmpty() ? 0 : speed.get(speed.size() / 2), cost));
        });
        return out.toString();
    }

    private static String describe(Outcome outcome) {
        DecoderInfo decoder = outcome.decoder();
        return String.format("%-4s %s %s at %s%s", outcome.lane().name().toLowerCase(Locale.ROOT), decoder.name(),
                decoder.profile() != null ? decoder.profile() : decoder.model(), decoder.endpoint(), decoder.emulated() ? " (emulated)" : "");
    }
}
