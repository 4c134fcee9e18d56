package dev.patchlane.router.stats;

import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.pipeline.stats.Observation;
import dev.patchlane.pipeline.stats.RouteKey;
import dev.patchlane.pipeline.stats.RouteStats;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Folds outcomes into the statistics topic. Each record there belongs to one key level and one outcomes partition, and
 * a partition has one consumer in the group, so each record has one writer. Before a batch the writer waits for the
 * view to hold everything the topic holds (its predecessor's writes after a rebalance, and its own), and an outcome at
 * or below a record's last applied offset is not applied again: a redelivered outcome counts once. Offsets are
 * committed only after the batch's records are acknowledged.
 */
public final class StatsWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatsWriter.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final String statsTopic;
    private final RoutingStatsView view;
    private final Function<byte[], Outcome> reader;
    private final double factor;
    private final double recentFactor;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong repeated = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int assigned;

    private StatsWriter(String bootstrap, String group, String outcomesTopic, String statsTopic, Decay decay, RoutingStatsView view,
            Function<byte[], Outcome> reader) {
        this.statsTopic = statsTopic;
        this.view = view;
        this.reader = reader;
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        // as the stages' consumers: a crashed router's outcomes partitions move within seconds, not Kafka's default 45 s
        consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        consumerProps.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        int partitions = Math.max(1, consumer.partitionsFor(outcomesTopic, Duration.ofSeconds(30)).size());
        this.factor = decay.factor(partitions);
        this.recentFactor = decay.recentFactor(partitions);
        consumer.subscribe(List.of(outcomesTopic));
        this.thread = new Thread(this::run, "routing-stats-writer");
        thread.setDaemon(true);
    }

    public static StatsWriter start(String bootstrap, String group, String outcomesTopic, String statsTopic, Decay decay, RoutingStatsView view,
            Function<byte[], Outcome> reader) {
        StatsWriter writer = new StatsWriter(bootstrap, group, outcomesTopic, statsTopic, decay, view, reader);
        writer.thread.start();
        return writer;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
                assigned = consumer.assignment().size();
                if (batch.isEmpty()) {
                    continue;
                }
                if (!view.awaitCaughtUp(CATCH_UP)) {
                    LOG.warn("the routing statistics view did not catch up; the batch is read again");
                    rewind(batch);
                    continue;
                }
                try {
                    apply(batch);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "routing statistics not written; the batch is read again");
                    rewind(batch);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the routing statistics writer stopped");
        } finally {
            consumer.close(Duration.ofSeconds(2));
            producer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecords<String, byte[]> batch) {
        Map<String, RouteStats> written = new HashMap<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            commits.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            Outcome outcome;
            try {
                outcome = reader.apply(record.value());
            } catch (RuntimeException e) {
                unreadable.incrementAndGet();
                continue;
            }
            RouteDecision decision = outcome.routed().decision();
            RouteKey key = RouteKey.of(decision.features(), outcome.job().repository());
            Observation observation = Observation.of(outcome);
            Instant now = Instant.now();
            boolean changed = false;
            for (String level : key.levels()) {
                String recordKey = RouteStats.recordKey(level, record.partition());
                RouteStats base = written.containsKey(recordKey) ? written.get(recordKey)
                        : view.get(level, record.partition()).orElse(RouteStats.empty(level, record.partition()));
                if (base.lastOffset() >= record.offset()) {
                    continue;
                }
                RouteStats next = base.with(observation, record.offset(), factor, recentFactor, now);
                written.put(recordKey, next);
                sends.add(producer.send(new ProducerRecord<>(statsTopic, recordKey, Json.write(next))));
                changed = true;
            }
            (changed ? applied : repeated).incrementAndGet();
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing statistics", e);
            } catch (Exception e) {
                throw new IllegalStateException("statistics write failed: " + e, e);
            }
        }
        consumer.commitSync(commits);
    }

    private void rewind(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition partition : batch.partitions()) {
            consumer.seek(partition, batch.records(partition).get(0).offset());
        }
    }

    /** Outcomes that could not be read (the sink dead-letters them; here they are only counted). */
    public long unreadable() {
        return unreadable.get();
    }

    /** Outcomes this writer applied. */
    public long applied() {
        return applied.get();
    }

    /** Outcomes read again that every key level had already counted (a redelivery). */
    public long repeated() {
        return repeated.get();
    }

    /** Outcomes partitions this writer owns now. */
    public int assigned() {
        return assigned;
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
    }
}
