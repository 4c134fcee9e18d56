package dev.patchlane.pipeline.kafka;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.UnreadableRecordException;
import dev.patchlane.pipeline.shutdown.HandedBack;
import dev.patchlane.pipeline.status.StaleTransitionException;
import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * How a stage handles one record: an unreadable record is thrown back to the connector, which dead-letters it; work
 * that fails is retried with backoff (a broker or repository may be briefly unavailable, e.g. after a crash); work that
 * still fails is handed to {@code giveUp}, which ends the job with the reason instead of leaving it stuck.
 *
 * @param <T> the record type
 */
public final class RecordHandler<T> {

    private static final Logger LOG = Logger.getLogger(RecordHandler.class);

    private final String stage;
    private final ContractSchema schema;
    private final Class<T> type;
    private final Guard retry;

    public RecordHandler(String stage, ContractSchema schema, Class<T> type) {
        this(stage, schema, type, java.util.List.of());
    }

    /** @param notRetried failures that waiting cannot cure, handed to {@code giveUp} at once */
    public RecordHandler(String stage, ContractSchema schema, Class<T> type, java.util.List<Class<? extends Throwable>> notRetried) {
        this.stage = stage;
        this.schema = schema;
        this.type = type;
        this.retry = Guard.create()
                .withDescription(stage)
                .withRetry()
                .maxRetries(8)
                .delay(500, ChronoUnit.MILLIS)
                .jitter(200, ChronoUnit.MILLIS)
                .abortOn(abortOn(notRetried))
                .withExponentialBackoff().maxDelay(15, ChronoUnit.SECONDS).done()
                .beforeRetry((Throwable failure) -> LOG.warnf("%s: retrying after %s", stage, failure.toString()))
                .done()
                .build();
    }

    private static java.util.List<Class<? extends Throwable>> abortOn(java.util.List<Class<? extends Throwable>> notRetried) {
        java.util.List<Class<? extends Throwable>> all = new java.util.ArrayList<>(notRetried);
        all.add(UnreadableRecordException.class);
        all.add(StaleTransitionException.class);
        all.add(HandedBack.class);
        return all;
    }

    public void handle(byte[] record, Consumer<T> work, BiConsumer<T, RuntimeException> giveUp) {
        T value = RecordReader.read(record, schema, type);
        try {
            retry.get(() -> {
                work.accept(value);
                return null;
            }, Void.class);
        } catch (StaleTransitionException e) {
            // A duplicate or redelivered record of a job that moved on: acknowledged, with no work and no write.
            LOG.infof("%s: %s", stage, e.getMessage());
        } catch (HandedBack e) {
            // The process is stopping: no retry, no final status; the record goes back to Kafka unacknowledged.
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s gave up on a record after retries", stage);
            try {
                giveUp.accept(value, e);
            } catch (StaleTransitionException ended) {
                LOG.infof("%s: not recording the failure: %s", stage, ended.getMessage());
            }
        }
    }
}
