package dev.patchlane.pipeline.migration;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.TopicReplay;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every migration this process has seen on the compacted migrations topic, re-read from the start at each start: ingest
 * answers about migrations from it, and the router and workers do not start jobs of a cancelled migration.
 */
@ApplicationScoped
public class MigrationView {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.migrations-view.enabled", defaultValue = "true")
    boolean enabled;

    private final Map<String, Migration> byId = new ConcurrentHashMap<>();
    private final TopicReplay replay = new TopicReplay();

    // After the topics exist and before the consumer starts, like the status view.
    void recordEndOffsets(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 1) StartupEvent event, TopicNames topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (enabled) {
            replay.start(bootstrapServers, topics.migrations());
        }
    }

    @Incoming("migrations-view")
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            apply(RecordReader.read(record.value(), ContractSchema.MIGRATION, Migration.class));
        } finally {
            replay.seen(record.partition(), record.offset());
        }
    }

    /** Waits until the view holds every migration written before this process started; false on timeout. */
    public boolean awaitReplayed(Duration timeout) {
        return enabled && replay.await(timeout);
    }

    /** A cancellation and a fan-out's end are final: a late copy of an earlier record does not undo them. */
    public void apply(Migration migration) {
        byId.merge(migration.id(), migration, Migration::mergedWith);
    }

    public Optional<Migration> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean cancelled(String id) {
        return get(id).map(Migration::cancelled).orElse(false);
    }

    /** Why a job must not start: its migration was cancelled; empty for every other job. */
    public Optional<String> cancellationOf(Job job) {
        JobSource source = job.source();
        if (source == null || !"migration".equals(source.type()) || source.reference() == null || !cancelled(source.reference())) {
            return Optional.empty();
        }
        return Optional.of("its migration " + source.reference() + " was cancelled before it started");
    }

    public List<Migration> list() {
        return byId.values().stream().sorted(Comparator.comparing(Migration::submittedAt).reversed()).toList();
    }
}
