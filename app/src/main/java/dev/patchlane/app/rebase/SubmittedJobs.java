package dev.patchlane.app.rebase;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.UnreadableRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Finds a published job's own record on the submitted topic, which the status topic does not carry (its instructions
 * and paths): every partition is read from just before the job's submission time ({@code offsetsForTimes}), up to a
 * bounded number of records. A job older than the topic's retention is not found, and is then not re-run.
 */
final class SubmittedJobs {

    private static final Duration SLACK = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final int maxRecords;

    SubmittedJobs(String bootstrapServers, String topic, int maxRecords) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.maxRecords = maxRecords;
    }

    Optional<Job> find(String jobId, Instant submittedAt) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "patchlane-rebase-lookup-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(p -> since.put(p, submittedAt.minus(SLACK).toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(since, Duration.ofSeconds(10));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
            int read = 0;
            while (read < maxRecords && !atEnd(consumer, partitions, ends)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    read++;
                    if (jobId.equals(record.key())) {
                        try {
                            Job job = RecordReader.read(record.value(), ContractSchema.JOB, Job.class);
                            if (job.id().equals(jobId)) {
                                return Optional.of(job);
                            }
                        } catch (UnreadableRecordException e) {
                            // Not this job's record after all: read on.
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }
}
