package dev.patchlane.pipeline.stats;

import dev.patchlane.pipeline.config.PatchlaneConfig;
import dev.patchlane.pipeline.config.Role;
import dev.patchlane.pipeline.config.TopicNames;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The routing statistics topic in memory, replayed from its start at every process start (an assigned consumer, no
 * group, no commits), so every router replica decides from the same figures. Records that are not statistics are
 * skipped and counted, never applied.
 */
@ApplicationScoped
public class RoutingStatsView {

    private static final Logger LOG = Logger.getLogger(RoutingStatsView.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    RoutingStatsConfig config;

    @Inject
    PatchlaneConfig patchlane;

    private final Map<String, RouteStats> records = new ConcurrentHashMap<>();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicReference<String> lastSkip = new AtomicReference<>();
    private volatile StatsTopicReader reader;

    // After the topics exist (TopicInitializer), before anything routes.
    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 1) StartupEvent event, TopicNames topics) {
        Set<Role> roles = Role.parse(patchlane.roles());
        if (config.enabled() && (roles.contains(Role.ROUTER) || roles.contains(Role.INGEST))) {
            try {
                start(bootstrapServers, topics.routingStats());
            } catch (RuntimeException e) {
                // routing then decides by the rules and says so; the statistics are an optimisation, not a dependency
                LOG.errorf(e, "the routing statistics view could not start reading %s", topics.routingStats());
            }
        }
    }

    /** Starts reading {@code topic} from its beginning; for processes outside Quarkus, such as tests. */
    public synchronized void start(String bootstrap, String topic) {
        if (reader == null) {
            reader = StatsTopicReader.start(bootstrap, topic, this::apply);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    public synchronized void close() {
        if (reader != null) {
            reader.close();
        }
    }

    /** Applies one record of the topic: a tombstone removes, a statistics record replaces an older one, anything else is skipped. */
    public void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                records.remove(record.key());
            }
            return;
        }
        try {
            RouteStats stats = RouteStatsReader.read(record.key(), record.value());
            records.merge(stats.recordKey(), stats, (old, fresh) -> fresh.lastOffset() >= old.lastOffset() ? fresh : old);
        } catch (IllegalArgumentException e) {
            long count = skipped.incrementAndGet();
            String reason = "partition " + record.partition() + " offset " + record.offset() + ": " + e.getMessage();
            lastSkip.set(reason);
            LOG.warnf("skipped a routing statistics record (%d so far): %s", count, reason);
        }
    }

    /** Whether the view holds every record written before it started; false on timeout or when it is not reading. */
    public boolean awaitReplayed(Duration timeout) {
        StatsTopicReader current = reader;
        return current != null && current.awaitReplayed(timeout);
    }

    /** Waits until the view has applied every record the topic holds now, its own process's writes included. */
    public boolean awaitCaughtUp(Duration timeout) {
        StatsTopicReader current = reader;
        return current != null && current.awaitCaughtUp(timeout);
    }

    public boolean reading() {
        return reader != null;
    }

    /** The record of one key level from one outcomes partition. */
    public Optional<RouteStats> get(String key, int partition) {
        return Optional.ofNullable(records.get(RouteStats.recordKey(key, partition)));
    }

    /** One key level's counts over every outcomes partition. */
    public KeyStats summary(String key) {
        KeyStats sum = KeyStats.empty(key);
        for (RouteStats stats : records.values()) {
            if (stats.key().equals(key)) {
                sum = sum.plus(stats);
            }
        }
        return sum;
    }

    /** Every key level, most outcomes first. */
    public List<KeyStats> all() {
        Map<String, KeyStats> sums = new ConcurrentHashMap<>();
        records.values().forEach(stats -> sums.merge(stats.key(), KeyStats.empty(stats.key()).plus(stats), KeyStats::plus));
        return sums.values().stream().sorted(Comparator.comparingLong(KeyStats::outcomes).reversed().thenComparing(KeyStats::key)).toList();
    }

    public long skipped() {
        return skipped.get();
    }

    public Optional<String> lastSkipReason() {
        return Optional.ofNullable(lastSkip.get());
    }
}
