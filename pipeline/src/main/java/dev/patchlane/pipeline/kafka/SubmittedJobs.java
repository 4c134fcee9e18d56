package dev.patchlane.pipeline.kafka;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.UnreadableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds a job's own record on the submitted topic, which the status does not carry (paths, instructions, base ref): in
 * the one partition its key hashes to, from shortly before it was submitted, with an assigned consumer (no group), up to
 * a bounded number of records. A job older than the topic's retention is not found.
 */
public final class SubmittedJobs {

    /** Records are written just after the job's SUBMITTED status; this much slack covers the clocks of two processes. */
    private static final Duration SLACK = Duration.ofMinutes(5);

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    private final int maxRecords;

    public SubmittedJobs(String bootstrapServers, String topic, Duration timeout, int maxRecords) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
        this.maxRecords = maxRecords;
    }

    /** The job's record, or empty when it is not (or no longer) on the topic; throws when the broker does not answer in time. */
    public Optional<Job> find(String jobId, Instant submittedAt) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            // The producers' default partitioner, so the job's record is in this partition.
            TopicPartition partition = new TopicPartition(topic,
                    Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions.size());
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(partition, submittedAt.minus(SLACK).toEpochMilli()), timeout).get(partition);
            if (from == null) {
                return Optional.empty();
            }
            consumer.seek(partition, from.offset());
            Instant deadline = Instant.now().plus(timeout);
            int read = 0;
            while (read < maxRecords && consumer.position(partition, timeout) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reading job " + jobId + " from " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    if (jobId.equals(record.key()) && record.value() != null) {
                        try {
                            Job job = RecordReader.read(record.value(), ContractSchema.JOB, Job.class);
                            if (job.id().equals(jobId)) {
                                return Optional.of(job);
                            }
                        } catch (UnreadableRecordException e) {
                            // a record someone else wrote under this key; the job's own may follow
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }
}
