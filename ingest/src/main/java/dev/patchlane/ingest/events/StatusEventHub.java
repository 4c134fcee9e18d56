package dev.patchlane.ingest.events;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.UnreadableRecordException;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Hands every status record the view reads to the open event streams: one feed for all clients, no reader per client
 * (a resumed {@code /events} stream reads the topic once, from its cursor to where the feed was when it opened). Keeps
 * the position the view has read, the start of every fresh stream's cursor, and bounds how many streams are open.
 */
@ApplicationScoped
public class StatusEventHub {

    private static final Logger LOG = Logger.getLogger(StatusEventHub.class);

    @Inject
    JobStatusView view;

    @Inject
    EventsConfig config;

    @Inject
    TopicNames topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Object feed = new Object();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long[] position;
    private ScheduledExecutorService keepAlive;
    private ExecutorService catchUps;

    // After the topics exist and before the view's consumer starts, so the feed sees every record the view reads.
    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 1) StartupEvent event) throws Exception {
        if (!view.active()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            position = new long[admin.describeTopics(List.of(topics.status())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.status()).partitions().size()];
        }
        view.onRecord(this::read);
        keepAlive = Executors.newSingleThreadScheduledExecutor(daemon("patchlane-events-keep-alive"));
        long every = config.keepAlive().toMillis();
        keepAlive.scheduleWithFixedDelay(() -> subscribers.forEach(s -> s.stream().keepAlive()), every, every, TimeUnit.MILLISECONDS);
        catchUps = Executors.newCachedThreadPool(daemon("patchlane-events-catch-up"));
    }

    void stop(@Observes ShutdownEvent event) {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
            catchUps.shutdownNow();
        }
        subscribers.forEach(s -> s.stream().end());
    }

    /** What the view has read of each partition of the status topic: the next offset of each. */
    public long[] position() {
        synchronized (feed) {
            return positionLocked().clone();
        }
    }

    /** How many streams are open now. */
    public int open() {
        return subscribers.size();
    }

    /**
     * Opens a job's stream: the view's status of it once subscribed, so that no record falls between the two. Empty when
     * {@link EventsConfig#maxStreams} are open.
     */
    Optional<JobSubscriber> openJob(String jobId, EventStream stream, JobCursor cursor) {
        JobSubscriber subscriber = new JobSubscriber(jobId, stream, cursor.transitions());
        if (!add(subscriber, null)) {
            return Optional.empty();
        }
        stream.goLive();
        Optional<JobStatus> now = view.get(jobId);
        if (now.isEmpty()) {
            subscriber.removed();
        } else {
            subscriber.offer(now.get(), new String(dev.patchlane.contracts.Json.write(now.get()), java.nio.charset.StandardCharsets.UTF_8));
            subscriber.finishIfTerminal(now.get());
        }
        return Optional.of(subscriber);
    }

    /**
     * Opens an {@code /events} stream from {@code resumeFrom} (null: from now). A resumed stream first reads the topic from
     * its cursor to where the feed is, while the feed's events for it wait. Empty when too many streams are open.
     */
    Optional<SourceSubscriber> openSource(SourceFilter filter, EventStream stream, TopicCursor resumeFrom) {
        TopicCursor[] live = new TopicCursor[1];
        SourceSubscriber[] made = new SourceSubscriber[1];
        boolean added = add(null, at -> {
            live[0] = TopicCursor.of(at);
            made[0] = new SourceSubscriber(filter, stream, live[0]);
            return made[0];
        });
        if (!added) {
            return Optional.empty();
        }
        if (resumeFrom == null) {
            stream.goLive();
        } else {
            catchUps.execute(() -> catchUp(filter, stream, resumeFrom, live[0]));
        }
        return Optional.of(made[0]);
    }

    private void catchUp(SourceFilter filter, EventStream stream, TopicCursor from, TopicCursor to) {
        Set<String> seen = new HashSet<>();
        TopicCursor[] at = {from};
        try {
            new TopicCatchUp(bootstrapServers, topics.status()).read(from, to, config.catchUpTimeout(), record -> {
                at[0] = at[0].after(record.partition(), record.offset());
                if (stream.isEnded()) {
                    throw new InterruptedException("the client went away");
                }
                String key = record.key();
                if (key == null) {
                    return;
                }
                if (record.value() == null) {
                    if (seen.remove(key) && view.get(key).isEmpty()) {
                        stream.sendNow(stream.removed(at[0].text(), key));
                    }
                    return;
                }
                JobStatus status;
                try {
                    status = RecordReader.read(record.value(), ContractSchema.JOB_STATUS, JobStatus.class);
                } catch (UnreadableRecordException e) {
                    return;
                }
                if (!filter.accepts(status)) {
                    return;
                }
                seen.add(key);
                if (view.get(key).filter(status::equals).isPresent()) {
                    stream.sendNow(stream.status(at[0].text(), Subscriber.json(record.value(), status)));
                }
            });
            stream.goLive();
        } catch (InterruptedException e) {
            stream.end();
        } catch (RuntimeException e) {
            LOG.infof("an event stream could not catch up: %s", e.getMessage());
            stream.drop("the stream could not catch up from its cursor: " + e.getMessage());
        }
    }

    /** Adds a subscriber (or makes one from the feed's position) unless the limit is reached; under the feed's lock. */
    private boolean add(Subscriber ready, java.util.function.Function<long[], Subscriber> make) {
        synchronized (feed) {
            if (subscribers.size() >= config.maxStreams()) {
                return false;
            }
            Subscriber subscriber = ready != null ? ready : make.apply(positionLocked().clone());
            subscribers.add(subscriber);
            subscriber.stream().onEnd(() -> subscribers.remove(subscriber));
            return true;
        }
    }

    private void read(ConsumerRecord<String, byte[]> record, JobStatus status) {
        synchronized (feed) {
            long[] known = positionLocked();
            if (record.partition() >= known.length) {
                known = position = Arrays.copyOf(known, record.partition() + 1);
            }
            known[record.partition()] = Math.max(known[record.partition()], record.offset() + 1);
            if (subscribers.isEmpty() || record.key() == null) {
                return;
            }
            Supplier<Optional<JobStatus>> current = new Supplier<>() {
                private Optional<JobStatus> read;

                @Override
                public Optional<JobStatus> get() {
                    if (read == null) {
                        read = view.get(record.key());
                    }
                    return read;
                }
            };
            for (Subscriber subscriber : subscribers) {
                try {
                    subscriber.read(record, status, current);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "an event stream failed on job %s; it is dropped", record.key());
                    subscriber.stream().drop("the server failed to send an event");
                }
            }
        }
    }

    private long[] positionLocked() {
        if (position == null) {
            throw new IllegalStateException("this process does not serve event streams: it does not have the ingest role");
        }
        return position;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
