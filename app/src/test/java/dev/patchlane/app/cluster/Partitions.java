package dev.patchlane.app.cluster;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** What the cluster's metadata says about some topics' partitions: leaders, replicas, in-sync replicas, settings. */
final class Partitions implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    Partitions(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"));
    }

    /** Retries while a broker has not yet learnt of a topic just created: metadata reaches the three brokers one by one. */
    Map<String, TopicDescription> describe(Collection<String> topics) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot describe " + topics, e);
                }
                pause();
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot describe " + topics, e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many of the topics' partitions each broker leads, by broker id. */
    Map<Integer, Integer> leaderCounts(Collection<String> topics) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (TopicPartitionInfo partition : partitionsOf(topics)) {
            if (partition.leader() != null) {
                counts.merge(partition.leader().id(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The broker leading the most of the topics' partitions (the lowest id among equals). */
    int busiestLeader(Collection<String> topics) {
        return leaderCounts(topics).entrySet().stream()
                .max(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .orElseThrow().getKey();
    }

    /** True when {@code broker} leads none of the partitions and is in none of their in-sync sets, and every partition has a leader. */
    boolean fencedOut(int broker, Collection<String> topics) {
        return partitionsOf(topics).stream().allMatch(p -> p.leader() != null && p.leader().id() != broker
                && p.isr().stream().noneMatch(n -> n.id() == broker));
    }

    /** The smallest in-sync set among the partitions. */
    int smallestIsr(Collection<String> topics) {
        return partitionsOf(topics).stream().mapToInt(p -> p.isr().size()).min().orElse(0);
    }

    /** The smallest replica set among the partitions. */
    int smallestReplicaSet(Collection<String> topics) {
        return partitionsOf(topics).stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    }

    String config(String topic, String key) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
            return config.get(key) == null ? null : config.get(key).value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the configuration of " + topic, e);
        }
    }

    String minInsyncReplicas(String topic) {
        return config(topic, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    }

    /** A line per partition: leader and in-sync replicas, for failure messages. */
    String summary(Collection<String> topics) {
        StringBuilder text = new StringBuilder();
        describe(topics).forEach((name, description) -> description.partitions().forEach(p -> text.append(name).append('-').append(p.partition())
                .append(" leader ").append(p.leader() == null ? "none" : p.leader().id())
                .append(" isr ").append(p.isr().stream().map(Node::id).toList()).append('\n')));
        return text.toString();
    }

    private List<TopicPartitionInfo> partitionsOf(Collection<String> topics) {
        return describe(topics).values().stream().flatMap(d -> d.partitions().stream()).toList();
    }

    @Override
    public void close() {
        admin.close();
    }
}
