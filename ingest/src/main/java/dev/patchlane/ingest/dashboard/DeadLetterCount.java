package dev.patchlane.ingest.dashboard;

import dev.patchlane.pipeline.config.TopicNames;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** How many records the dead-letter topic holds (every process's, every tenant's), from its offsets; cached for a few seconds. */
@ApplicationScoped
public class DeadLetterCount {

    private static final Logger LOG = Logger.getLogger(DeadLetterCount.class);
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    TopicNames topics;

    private Admin admin;
    private long readAt;
    private OptionalLong cached = OptionalLong.empty();

    /** The count, or empty when the broker did not answer within a few seconds. */
    public synchronized OptionalLong count() {
        if (readAt != 0 && System.nanoTime() - readAt < CACHE_NANOS) {
            return cached;
        }
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000));
            }
            String topic = topics.deadLetter();
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            long[] sum = {0};
            admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS).forEach((tp, info) -> sum[0] += info.offset());
            admin.listOffsets(earliest).all().get(3, TimeUnit.SECONDS).forEach((tp, info) -> sum[0] -= info.offset());
            cached = OptionalLong.of(sum[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cached = OptionalLong.empty();
        } catch (Exception e) {
            LOG.debugf(e, "cannot count the dead-letter topic");
            cached = OptionalLong.empty();
        }
        readAt = System.nanoTime();
        return cached;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
