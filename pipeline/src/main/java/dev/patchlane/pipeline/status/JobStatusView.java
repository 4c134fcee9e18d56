package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.pipeline.config.TopicNames;
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
import java.util.function.Predicate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The current status of every job, read from the compacted status topic from its beginning at every start, so it
 * survives restarts. A process plays this view when it has the ingest role; {@link #awaitReplayed} tells when the view
 * holds everything written before the process started.
 */
@ApplicationScoped
public class JobStatusView {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.status-view.enabled", defaultValue = "true")
    boolean enabled;

    private final Map<String, JobStatus> byJob = new ConcurrentHashMap<>();
    private final TopicReplay replay = new TopicReplay();

    // After the topics exist (TopicInitializer) and before the consumer starts (SmallRye, LIBRARY_BEFORE).
    void recordEndOffsets(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 1) StartupEvent event, TopicNames topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (enabled) {
            replay.start(bootstrapServers, topics.status());
        }
    }

    @Incoming("status-view")
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            apply(RecordReader.read(record.value(), ContractSchema.JOB_STATUS, JobStatus.class));
        } finally {
            replay.seen(record.partition(), record.offset());
        }
    }

    /** Waits until the view holds every status written before this process started; false on timeout or without the role. */
    public boolean awaitReplayed(Duration timeout) {
        return enabled && replay.await(timeout);
    }

    public boolean active() {
        return enabled;
    }

    void apply(JobStatus status) {
        byJob.merge(status.jobId(), status, JobStatuses::newer);
    }

    public Optional<JobStatus> get(String jobId) {
        return Optional.ofNullable(byJob.get(jobId));
    }

    /** The jobs the filter accepts, in no particular order (no sort over every job for a count). */
    public List<JobStatus> matching(Predicate<JobStatus> filter) {
        return byJob.values().stream().filter(filter).toList();
    }

    /** Jobs in {@code state} (all when null), most recently updated first. */
    public List<JobStatus> list(JobState state, int limit) {
        return byJob.values().stream()
                .filter(s -> state == null || s.state() == state)
                .sorted(Comparator.comparing(JobStatus::updatedAt).reversed())
                .limit(limit)
                .toList();
    }
}
