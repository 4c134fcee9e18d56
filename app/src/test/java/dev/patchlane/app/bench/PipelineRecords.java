package dev.patchlane.app.bench;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the pipeline wrote for one migration's jobs, from offsets taken before it started: each job's record sizes
 * in write order (for the relay to write the same bytes), and the instants its SUBMITTED and final statuses were stamped.
 */
final class PipelineRecords implements AutoCloseable {

    /** Positions in a job's record sizes; a status the pipeline skipped (see LaneWorker) stays -1 and is not relayed. */
    static final int STATUS_SUBMITTED = 0, JOB = 1, STATUS_ROUTED = 2, ROUTED = 3, STATUS_RUNNING = 4, OUTCOME = 5,
            STATUS_READY = 6, PUBLICATION = 7, STATUS_PUBLISHED = 8, RECORDS = 9;

    /** One job as the pipeline carried it. */
    record Carried(String jobId, int[] sizes, Instant submitted, Instant ended, JobState finalState, List<Transition> history) {
        long endToEndNanos() {
            return Duration.between(submitted, ended).toNanos();
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;

    /** Assigned to every partition of the pipeline's topics at their current end. */
    PipelineRecords(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.STATUS, Topics.SUBMITTED, Topics.FAST, Topics.OUTCOMES, Topics.PUBLISHED)) {
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Reads until {@code expected} jobs of the migration ended, or fails after {@code timeout}. */
    List<Carried> awaitEnded(String migrationId, int expected, Duration timeout) {
        Map<String, int[]> sizes = new HashMap<>();
        Map<String, Carried> ended = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ended.size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ended.size() + " of " + expected + " jobs of " + migrationId + " ended after " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                int[] of = sizes.computeIfAbsent(record.key(), k -> blank());
                int size = record.value() == null ? 0 : record.value().length;
                switch (record.topic()) {
                    case Topics.SUBMITTED -> of[JOB] = size;
                    case Topics.FAST -> of[ROUTED] = size;
                    case Topics.OUTCOMES -> of[OUTCOME] = size;
                    case Topics.PUBLISHED -> of[PUBLICATION] = size;
                    default -> status(record, of, migrationId, ended);
                }
            }
        }
        // The last jobs' records on other topics (a publication is written before its final status) may still be unread.
        long drainUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < drainUntil) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                int[] of = sizes.get(record.key());
                if (of != null && record.value() != null) {
                    switch (record.topic()) {
                        case Topics.SUBMITTED -> of[JOB] = record.value().length;
                        case Topics.FAST -> of[ROUTED] = record.value().length;
                        case Topics.OUTCOMES -> of[OUTCOME] = record.value().length;
                        case Topics.PUBLISHED -> of[PUBLICATION] = record.value().length;
                        default -> { }
                    }
                }
            }
        }
        return ended.values().stream().map(c -> new Carried(c.jobId(), sizes.get(c.jobId()), c.submitted(), c.ended(), c.finalState(),
                c.history()))
                .toList();
    }

    private static void status(ConsumerRecord<String, byte[]> record, int[] of, String migrationId, Map<String, Carried> ended) {
        if (record.value() == null) {
            return;
        }
        JobStatus status;
        try {
            status = Json.mapper().readValue(record.value(), JobStatus.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (status.source() == null || !migrationId.equals(status.source().reference())) {
            return;
        }
        int at = switch (status.state()) {
            case SUBMITTED -> STATUS_SUBMITTED;
            case ROUTED -> STATUS_ROUTED;
            case RUNNING -> STATUS_RUNNING;
            case PATCH_READY, NO_CHANGE, RESULT_READY, ESCALATED -> STATUS_READY;
            default -> STATUS_PUBLISHED;
        };
        of[at] = record.value().length;
        if (status.isTerminal()) {
            List<Transition> history = status.history();
            ended.put(status.jobId(), new Carried(status.jobId(), of, history.get(0).at(), history.get(history.size() - 1).at(),
                    status.state(), history));
        }
    }

    private static int[] blank() {
        int[] sizes = new int[RECORDS];
        java.util.Arrays.fill(sizes, -1);
        return sizes;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
