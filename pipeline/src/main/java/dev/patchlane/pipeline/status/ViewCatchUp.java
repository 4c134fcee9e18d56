package dev.patchlane.pipeline.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a view has read everything its topic held at a given moment. A stage's view of the status topic lags the topic
 * by the time a record takes to be read back, and under load or right after a rebalance that can be seconds: a record
 * written by another process after the view's last read (a second attempt's {@code RUNNING}) would make a current record
 * look like a duplicate. Before refusing, a stage waits for its view to reach the end offsets the topic has now.
 */
final class ViewCatchUp implements AutoCloseable {

    private static final long POLL_MILLIS = 5;

    private final String bootstrapServers;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private volatile String topic;
    private Admin admin;

    ViewCatchUp(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void topic(String topicName) {
        topic = topicName;
    }

    /** Records that the view has applied the record at {@code offset} of {@code partition}. */
    void applied(int partition, long offset) {
        applied.merge(partition, offset, Math::max);
    }

    /** Waits until the view has applied every record the topic holds now; false when it has not within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, Long> ends;
        try {
            ends = endOffsets(timeout);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        while (!reached(ends)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        return true;
    }

    private boolean reached(Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || applied.getOrDefault(end.getKey(), -1L) >= end.getValue() - 1);
    }

    private Map<Integer, Long> endOffsets(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        String name = topic;
        if (name == null) {
            return Map.of();
        }
        Admin client = admin();
        var partitions = client.describeTopics(List.of(name)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(name).partitions();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
        Map<Integer, Long> ends = new HashMap<>();
        client.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
