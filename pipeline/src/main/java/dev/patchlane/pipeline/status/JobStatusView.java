package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.UnreadableRecordException;
import dev.patchlane.pipeline.config.Role;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.store.StatusStore;
import dev.patchlane.pipeline.status.store.StoreDirectory;
import dev.patchlane.pipeline.status.store.StatusStoreConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The current status of every job, read from the compacted status topic from its beginning at every start, so it
 * survives restarts. Every pipeline role reads it, since every stage judges its writes against the job's current status
 * ({@link JobTransitions}); {@link #awaitReplayed} tells when the view holds everything written before the process
 * started, and {@link #active} whether this process answers for it (the ingest role). The statuses live in a {@link StatusStore} on disk, so the
 * heap does not grow with the number of jobs; a process whose view is active also removes jobs that ended longer than
 * {@code patchlane.status.retention} ago ({@link RetentionSweep}).
 */
@ApplicationScoped
public class JobStatusView {

    private static final Logger LOG = Logger.getLogger(JobStatusView.class);
    // The first sweep runs soon after start-up, so processes restarted more often than the sweep interval still sweep.
    private static final Duration FIRST_SWEEP = Duration.ofMinutes(1);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.status-view.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "patchlane.roles", defaultValue = "all")
    String roles;

    @Inject
    StatusStoreConfig config;

    private final TopicReplay replay = new TopicReplay();
    private ViewCatchUp catchUp;
    private final List<StatusChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final List<StatusRecordListener> recordListeners = new CopyOnWriteArrayList<>();
    private StatusStore store;
    private StoreDirectory directory;
    private ScheduledExecutorService sweeper;
    private StatusTombstones tombstones;

    public JobStatusView() {
    }

    /**
     * A view over a store of the caller's, outside CDI (a replay in a tool or a benchmark): {@link #consume} and
     * {@link #apply} fill it, nothing sweeps it, and the caller closes the store.
     */
    public JobStatusView(StatusStore store) {
        this.store = store;
        this.enabled = true;
    }

    // Every process records statuses (StatusRecorder), so every process has a store; only ingest replays the topic.
    @PostConstruct
    void open() {
        directory = config.storeDir().map(StoreDirectory::claim)
                .orElseGet(() -> StoreDirectory.fresh(Path.of(System.getProperty("java.io.tmpdir"), "patchlane-status")));
        store = StatusStore.open(directory.path(), config.blockCache().asLongValue(), config.writeBuffer().asLongValue());
        LOG.debugf("status store in %s", store.directory());
    }

    @PreDestroy
    void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tombstones != null) {
            tombstones.close();
        }
        if (catchUp != null) {
            catchUp.close();
        }
        store.close();
        if (directory != null) {
            directory.close();
        }
    }

    // After the topics exist (TopicInitializer) and before the consumer starts (SmallRye, LIBRARY_BEFORE).
    void recordEndOffsets(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 1) StartupEvent event, TopicNames topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (enabled) {
            catchUp = new ViewCatchUp(bootstrapServers);
            catchUp.topic(topics.status());
            replay.start(bootstrapServers, topics.status());
            if (active()) {
                startRetention(topics.status());
            }
        }
    }

    @Incoming("status-view")
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            if (!store.isOpen()) {
                return; // shutting down: the next start replays the topic anyway
            }
            JobStatus read;
            if (record.value() == null) {
                read = recordListeners.isEmpty() ? null : store.get(record.key() == null ? "" : record.key()).orElse(null);
                remove(record.key());
            } else {
                read = RecordReader.read(record.value(), ContractSchema.JOB_STATUS, JobStatus.class);
                apply(read);
            }
            notifyRecordListeners(record, read);
        } finally {
            replay.seen(record.partition(), record.offset());
            ViewCatchUp reading = catchUp;
            if (reading != null) {
                reading.applied(record.partition(), record.offset());
            }
        }
    }

    /**
     * Waits until the view holds every status the topic holds now (true), or {@code timeout} passes (false); true at once
     * for a view that does not read the topic.
     */
    public boolean awaitCaughtUp(Duration timeout) {
        ViewCatchUp reading = catchUp;
        if (reading == null) {
            return true;
        }
        try {
            return reading.await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the view holds every status written before this process started; false on timeout or without the role. */
    public boolean awaitReplayed(Duration timeout) {
        return enabled && replay.await(timeout);
    }

    /** Whether this process reads the status topic at all (every pipeline role does). */
    public boolean reading() {
        return enabled;
    }

    /** Whether this process plays ingest: it answers status queries and accepts jobs; other roles only read the view. */
    public boolean active() {
        return enabled && (roles == null || Role.parse(roles).contains(Role.INGEST));
    }

    /**
     * Calls {@code listener} after every change of a stored status, in order for each job, on the thread that made it and
     * holding that job's lock: a listener must be quick and must not write to this view.
     */
    public void onChange(StatusChangeListener listener) {
        listeners.add(listener);
    }

    /**
     * Calls {@code listener} after the view applied each record it read from the status topic, on the view's consumer
     * thread: a listener must be quick and must not write to this view.
     */
    public void onRecord(StatusRecordListener listener) {
        recordListeners.add(listener);
    }

    /** Keeps whichever of the stored status and {@code status} {@link JobStatuses#newer} picks. */
    public void apply(JobStatus status) {
        store.merge(status, JobStatuses::newer, this::notifyListeners);
    }

    public Optional<JobStatus> get(String jobId) {
        return store.get(jobId);
    }

    /** The jobs the filter accepts, in job-id order; reads every job from disk, so only for rare callers. */
    public List<JobStatus> matching(Predicate<JobStatus> filter) {
        List<JobStatus> found = new ArrayList<>();
        store.forEach(status -> {
            if (filter.test(status)) {
                found.add(status);
            }
        });
        return found;
    }

    /** Jobs in {@code state} (all when null), most recently updated first. */
    public List<JobStatus> list(JobState state, int limit) {
        return store.list(state, limit);
    }

    /** How many jobs the view holds in each state (every state present). */
    public Map<JobState, Long> counts() {
        return store.counts();
    }

    /** Removes terminal jobs last updated longer than the retention before {@code now}; returns how many. */
    int sweep(Instant now, Duration retention, StatusTombstones writer) {
        return new RetentionSweep(store, retention, writer, this::notifyListeners).run(now);
    }

    private void remove(String jobId) {
        if (jobId == null) {
            throw new UnreadableRecordException("a status tombstone without a key");
        }
        store.deleteIf(jobId, stored -> true, removed -> notifyListeners(removed, null));
    }

    private void startRetention(String topic) {
        tombstones = new KafkaStatusTombstones(bootstrapServers, topic);
        Duration retention = config.retention();
        Duration interval = config.sweepInterval();
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("patchlane.status.sweep-interval must be positive, got " + interval);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "patchlane-status-retention");
            thread.setDaemon(true);
            return thread;
        });
        long first = Math.min(FIRST_SWEEP.toMillis(), interval.toMillis());
        sweeper.scheduleWithFixedDelay(() -> sweepNow(retention), first, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepNow(Duration retention) {
        if (!replay.await(Duration.ZERO)) {
            return; // a job not yet replayed could be newer than the one the sweep would remove
        }
        try {
            int removed = sweep(Instant.now(), retention, tombstones);
            if (removed > 0) {
                LOG.infof("removed %d jobs that ended more than %s ago from the status topic", removed, retention);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "status retention sweep failed; it runs again in %s", config.sweepInterval());
        }
    }

    private void notifyRecordListeners(ConsumerRecord<String, byte[]> record, JobStatus status) {
        for (StatusRecordListener listener : recordListeners) {
            try {
                listener.read(record, status);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a status record listener failed at %s-%d@%d", record.topic(), record.partition(), record.offset());
            }
        }
    }

    private void notifyListeners(JobStatus previous, JobStatus current) {
        for (StatusChangeListener listener : listeners) {
            try {
                listener.changed(previous, current);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a status change listener failed on job %s", current != null ? current.jobId() : previous.jobId());
            }
        }
    }
}
