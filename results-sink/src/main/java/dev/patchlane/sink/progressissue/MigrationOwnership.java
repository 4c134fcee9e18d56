package dev.patchlane.sink.progressissue;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.UnreadableRecordException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Makes one sink replica the owner of each migration: the members of one consumer group share the partitions of the
 * compacted migrations topic (keyed by migration id), and a member reads each partition it is given from its beginning,
 * so it learns every migration it owns, also after a restart. Nothing is committed; the group only hands out owners.
 */
final class MigrationOwnership implements AutoCloseable {

    /** Told of owned migrations, on the ownership thread. */
    interface Owner {

        /** A record of a migration this replica owns (the first, or a later one: a cancellation, the fan-out's end). */
        void owned(Migration migration, int partition);

        /** The partition's migrations now belong to another replica (or to none, at shutdown). */
        void released(int partition);
    }

    private static final Logger LOG = Logger.getLogger(MigrationOwnership.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Owner owner;
    private final Thread thread;
    private volatile boolean running = true;

    MigrationOwnership(String bootstrapServers, String topic, String group, Owner owner) {
        this.topic = topic;
        this.owner = owner;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // as the stages' consumers: a crashed replica's migrations move within seconds
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000,
                ConsumerConfig.CLIENT_ID_CONFIG, "patchlane-progress-issues-" + ProcessHandle.current().pid()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "patchlane-progress-ownership");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(partition -> owner.released(partition.partition()));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    consumer.seekToBeginning(partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "progress issues: reading %s stopped; no progress issue is kept by this replica until it restarts", topic);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a migration is never removed while a progress issue could still change
        }
        Migration migration;
        try {
            migration = RecordReader.read(record.value(), ContractSchema.MIGRATION, Migration.class);
        } catch (UnreadableRecordException e) {
            LOG.warnf("progress issues: skipped an unreadable record at %s-%d@%d: %s", topic, record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (!migration.id().equals(record.key())) {
            LOG.warnf("progress issues: skipped migration %s written under the key %s", migration.id(), record.key());
            return;
        }
        owner.owned(migration, record.partition());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
