package dev.patchlane.pipeline.shutdown;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConnector;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

/**
 * The graceful stop of the stages that do long work (the lanes, the sink). On SIGTERM, before Quarkus closes the worker
 * pools, the Kafka connector and the beans the attempts use, it pauses their consumers, lets the attempts in flight
 * finish up to {@code patchlane.shutdown.drain-timeout}, and hands the rest back: they write nothing more and their
 * records stay unacknowledged, so Kafka redelivers them to another replica once this consumer has left the group.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @Inject
    ShutdownConfig config;

    @Inject
    KafkaClientService kafka;

    @Inject
    @Connector(KafkaConnector.CONNECTOR_NAME)
    KafkaConnector connector;

    private final InFlight inFlight = new InFlight();

    /**
     * Runs one record's handling; a record handed back holds its thread unacknowledged until the process exits. Work
     * inside calls {@link #admit}/{@link #leave} around an attempt and {@link #requireKept} before writing its result.
     */
    public void handle(Runnable handling) {
        try {
            handling.run();
        } catch (HandedBack handedBack) {
            LOG.infof("drain: %s", handedBack.getMessage());
            inFlight.hold();
        }
    }

    /** Runs {@code attempt} for {@code key} unless the process is stopping (then {@link HandedBack}). */
    public <T> T attempt(String key, Supplier<T> attempt) {
        inFlight.admit(key);
        try {
            return attempt.get();
        } finally {
            inFlight.leave(key);
        }
    }

    public void requireKept(String key) {
        inFlight.requireKept(key);
    }

    // Before SmallRye's observers of the application scope's end (worker pools at 0, the Kafka connector at 50).
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        inFlight.drainBegins();
        config.pausedChannels().forEach(this::pause);
        DrainReport report = inFlight.drain(config.drainTimeout(), SETTLE);
        if (report.handedBack().isEmpty()) {
            LOG.infof("drain: finished all %d attempts in flight %s in %d ms", report.finished().size(), report.finished(), report.took().toMillis());
        } else {
            LOG.warnf("drain: finished %d attempts %s, handed back %d %s after %d ms", report.finished().size(), report.finished(),
                    report.handedBack().size(), report.handedBack(), report.took().toMillis());
        }
    }

    /**
     * Closes the Kafka connector (commits what was processed, leaves the groups, closes the producers) before Quarkus
     * shuts the worker pools down: that shutdown fails the held records' tasks, which the dead-letter strategy would
     * then write to the dead-letter topic and acknowledge, committing past them (seen in GracefulDrainIT). With the
     * consumers and the dead-letter producers closed first, those failures reach neither. SmallRye's own close at
     * priority 50 then finds them closed.
     */
    void closeKafkaFirst(@Observes @Priority(-100) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (inFlight.draining()) {
            connector.terminate(event);
        }
    }

    private void pause(String channel) {
        try {
            KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
            if (consumer != null) {
                // Best effort: the connector's own back-pressure may resume it; records it still hands over are held.
                consumer.pause().await().atMost(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.debugf("drain: could not pause %s: %s", channel, e);
        }
    }
}
