package dev.patchlane.app.bench.kills;

import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Where each unfinished job is waiting: its pending record (its latest record in the fast, deep or outcomes topic, or
 * its submission when it has none there), the group that must act on it, and whether that group had committed past it
 * before the processes' final stop, during it, or not at all, or dead-lettered it. Committed or dead-lettered without
 * the job moving on is a loss; neither is a backlog.
 *
 * @param backlog pending records not committed and not dead-lettered, per group
 * @param ackedBeforeStop pending records already committed when the final stop began, per group (lost during the kills)
 * @param ackedAtStop pending records committed by the final stop, per group (lost at the stop)
 * @param deadLettered pending records found in the dead-letter topic, per group
 * @param deadLetterClasses every dead-letter record (any job) by its {@code dead-letter-exception-class-name}
 * @param examples a few lost job ids, for the report
 */
public record PendingRecords(Map<String, Integer> backlog, Map<String, Integer> ackedBeforeStop, Map<String, Integer> ackedAtStop,
        Map<String, Integer> deadLettered, Map<String, Integer> deadLetterClasses, List<String> examples) {

    public static final Map<String, String> GROUP_TOPICS = Map.of("patchlane-router", Topics.SUBMITTED, "patchlane-fast-worker", Topics.FAST,
            "patchlane-deep-worker", Topics.DEEP, "patchlane-sink", Topics.OUTCOMES, "patchlane-router-escalation", Topics.OUTCOMES);

    /** Committed offsets of every stage group, keyed by group; a partition never committed is absent. */
    public static Map<String, Map<TopicPartition, Long>> committed(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, Map<TopicPartition, Long>> byGroup = new HashMap<>();
        try (Admin admin = Admin.create(props)) {
            for (String group : GROUP_TOPICS.keySet()) {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).entrySet()) {
                    if (entry.getValue() != null) {
                        offsets.put(entry.getKey(), entry.getValue().offset());
                    }
                }
                byGroup.put(group, offsets);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read committed offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return byGroup;
    }

    public static PendingRecords of(String bootstrap, Set<String> open, Map<String, Map<TopicPartition, Long>> beforeStop,
            Map<String, Map<TopicPartition, Long>> afterStop) {
        Map<String, ConsumerRecord<String, byte[]>> pending = new HashMap<>();
        for (String topic : List.of(Topics.FAST, Topics.DEEP, Topics.OUTCOMES)) {
            for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, topic)) {
                if (open.contains(record.key())) {
                    pending.merge(record.key(), record, (a, b) -> b.timestamp() >= a.timestamp() ? b : a);
                }
            }
        }
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, Topics.SUBMITTED)) {
            if (open.contains(record.key())) {
                pending.putIfAbsent(record.key(), record);
            }
        }
        Map<String, String> deadLetteredAt = new HashMap<>();
        Map<String, Integer> classes = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, Topics.DEAD_LETTER)) {
            classes.merge(String.valueOf(header(record, "dead-letter-exception-class-name")), 1, Integer::sum);
            deadLetteredAt.put(header(record, "dead-letter-topic") + "/" + header(record, "dead-letter-partition") + "/"
                    + header(record, "dead-letter-offset"), String.valueOf(header(record, "dead-letter-exception-class-name")));
        }
        Map<String, Integer> backlog = new TreeMap<>();
        Map<String, Integer> before = new TreeMap<>();
        Map<String, Integer> atStop = new TreeMap<>();
        Map<String, Integer> dead = new TreeMap<>();
        List<String> examples = new java.util.ArrayList<>();
        for (String job : open) {
            ConsumerRecord<String, byte[]> record = pending.get(job);
            if (record == null) {
                backlog.merge("nowhere (not in any stage topic)", 1, Integer::sum);
                continue;
            }
            String group = groupFor(record);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            long pre = beforeStop.getOrDefault(group, Map.of()).getOrDefault(partition, -1L);
            long post = afterStop.getOrDefault(group, Map.of()).getOrDefault(partition, -1L);
            String where = group + " " + partition + "@" + record.offset();
            if (deadLetteredAt.containsKey(record.topic() + "/" + record.partition() + "/" + record.offset())) {
                dead.merge(group, 1, Integer::sum);
                examples.add("dead-lettered: " + job + " " + where);
            } else if (record.offset() < pre) {
                before.merge(group, 1, Integer::sum);
                examples.add("committed before the stop without effect: " + job + " " + where + " (committed " + pre + ")");
            } else if (record.offset() < post) {
                atStop.merge(group, 1, Integer::sum);
                examples.add("committed by the stop without effect: " + job + " " + where + " (committed " + pre + " -> " + post + ")");
            } else {
                backlog.merge(group, 1, Integer::sum);
            }
        }
        return new PendingRecords(backlog, before, atStop, dead, classes, List.copyOf(examples.subList(0, Math.min(10, examples.size()))));
    }

    /** Outcomes to escalate are the escalation router's to act on, every other outcome the sink's. */
    private static String groupFor(ConsumerRecord<String, byte[]> record) {
        return switch (record.topic()) {
            case Topics.SUBMITTED -> "patchlane-router";
            case Topics.FAST -> "patchlane-fast-worker";
            case Topics.DEEP -> "patchlane-deep-worker";
            default -> Json.read(record.value(), Outcome.class).escalate() ? "patchlane-router-escalation" : "patchlane-sink";
        };
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public int lost() {
        return sum(ackedBeforeStop) + sum(ackedAtStop) + sum(deadLettered);
    }

    public int waiting() {
        return sum(backlog);
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
