package dev.patchlane.pipeline.stats;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * One thread reading every partition of a topic from its beginning, with the positions it reached, so callers can wait
 * for "everything written before I started" (the replay) or "everything written until now" (a catch-up).
 */
final class StatsTopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatsTopicReader.class);
    private static final long POLL_MILLIS = 5;

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final Consumer<ConsumerRecord<String, byte[]>> sink;
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final Map<Integer, Long> replayEnds;
    private final CountDownLatch replayed = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    private StatsTopicReader(String bootstrap, String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        this.topic = topic;
        this.sink = sink;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "patchlane-routing-stats-view-admin-" + UUID.randomUUID()));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "patchlane-routing-stats-view-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(RouteStatsReader.MAX_BYTES * 64));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.replayEnds = endOffsets();
        partitions.forEach(p -> positions.put(p.partition(), 0L));
        this.thread = new Thread(this::run, "routing-stats-view");
        thread.setDaemon(true);
    }

    static StatsTopicReader start(String bootstrap, String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        StatsTopicReader reader = new StatsTopicReader(bootstrap, topic, sink);
        reader.thread.start();
        return reader;
    }

    private void run() {
        try {
            markIfReplayed();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        sink.accept(record);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "routing statistics record at %d/%d not applied", record.partition(), record.offset());
                    }
                }
                // The position is past transaction markers and compacted gaps, which records alone would not show.
                for (TopicPartition partition : consumer.assignment()) {
                    positions.put(partition.partition(), consumer.position(partition));
                }
                markIfReplayed();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the routing statistics view stopped reading %s", topic);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void markIfReplayed() {
        if (reached(replayEnds)) {
            replayed.countDown();
        }
    }

    private boolean reached(Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    boolean awaitReplayed(Duration timeout) {
        try {
            return replayed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, Long> ends;
        try {
            ends = endOffsets();
        } catch (RuntimeException e) {
            return false;
        }
        while (!reached(ends)) {
            if (System.nanoTime() > deadline || !running) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private Map<Integer, Long> endOffsets() {
        try {
            var described = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
    }
}
