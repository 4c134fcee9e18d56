package dev.patchlane.pipeline.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The replay of a compacted topic into an in-memory view at start-up: complete once the view has seen every record
 * written before the start, so that answers from the view (is this a duplicate? was it cancelled?) can be trusted.
 */
public final class TopicReplay {

    private static final Logger LOG = Logger.getLogger(TopicReplay.class);

    private final CompletableFuture<Void> replayed = new CompletableFuture<>();
    private volatile ReplayProgress progress;
    private volatile String topic;

    /** Notes the topic's end offsets; call before the view's consumer starts. */
    public void start(String bootstrapServers, String topicName) throws InterruptedException, ExecutionException, TimeoutException {
        topic = topicName;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var partitions = admin.describeTopics(List.of(topicName)).allTopicNames().get(30, TimeUnit.SECONDS).get(topicName).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topicName, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            progress = new ReplayProgress(ends);
            LOG.debugf("replaying %s up to %s", topicName, ends);
            completeIfReplayed();
        }
    }

    /** Records that the view has applied this record. */
    public void seen(int partition, long offset) {
        ReplayProgress current = progress;
        if (current != null) {
            current.seen(partition, offset);
            completeIfReplayed();
        }
    }

    /** Waits until the view holds every record written before the start; false on timeout. */
    public boolean await(Duration timeout) {
        try {
            replayed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void completeIfReplayed() {
        if (!replayed.isDone() && progress.complete()) {
            replayed.complete(null);
            LOG.infof("replayed %s", topic);
        }
    }
}
