package dev.patchlane.ingest.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the status topic between two positions, for a resumed stream: an assigned consumer without a group, so nothing
 * is committed and no other reader is rebalanced; compaction may have removed records in between, but each later one
 * carries its job's whole history.
 */
final class TopicCatchUp {

    /** Told of each record in offset order for its partition; throws to stop the read. */
    @FunctionalInterface
    interface RecordSink {
        void accept(ConsumerRecord<String, byte[]> record) throws InterruptedException;
    }

    private final String bootstrapServers;
    private final String topic;

    TopicCatchUp(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** Every record from {@code from} up to, not including, {@code to}; throws when that takes longer than {@code timeout}. */
    void read(TopicCursor from, TopicCursor to, Duration timeout, RecordSink sink) throws InterruptedException {
        List<TopicPartition> wanted = new ArrayList<>();
        for (int partition = 0; partition < to.partitions(); partition++) {
            if (from.next(partition) < to.next(partition)) {
                wanted.add(new TopicPartition(topic, partition));
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, "patchlane-events-catch-up"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(wanted);
            wanted.forEach(tp -> consumer.seek(tp, from.next(tp.partition())));
            List<TopicPartition> open = new ArrayList<>(wanted);
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the status topic from the cursor took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to.next(record.partition())) {
                        sink.accept(record);
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= to.next(tp.partition()));
                if (open.size() < consumer.assignment().size()) {
                    consumer.pause(consumer.assignment().stream().filter(tp -> !open.contains(tp)).toList());
                }
            }
        }
    }
}
