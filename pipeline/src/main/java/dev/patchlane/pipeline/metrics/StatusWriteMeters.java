package dev.patchlane.pipeline.metrics;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.OutgoingInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Counts the newest transition of every status record this process writes, once the broker has it. Every process reads
 * the whole status topic, so counting what it <em>reads</em> would count each transition once per process; counting
 * what it writes counts it once. A worker's result is counted from its outcome instead ({@link OutcomeWriteMeters}): the
 * outcome is written first, and the status after it is skipped when the sink has already moved the job on.
 */
@ApplicationScoped
@Identifier("status")
public class StatusWriteMeters implements OutgoingInterceptor {

    private static final Logger LOG = Logger.getLogger(StatusWriteMeters.class);
    static final Set<JobState> WORKER_RESULTS = EnumSet.of(JobState.PATCH_READY, JobState.RESULT_READY, JobState.NO_CHANGE,
            JobState.FAILED, JobState.ESCALATED);

    @Inject
    JobMeters meters;

    @Override
    public Message<?> beforeMessageSend(Message<?> message) {
        return sampleOf(message.getPayload())
                .filter(sample -> !(sample.stage().endsWith("-worker") && WORKER_RESULTS.contains(sample.state())))
                .<Message<?>>map(message::addMetadata)
                .orElse(message);
    }

    @Override
    public void onMessageAck(Message<?> message) {
        message.getMetadata(TransitionSample.class).ifPresent(meters::transition);
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable failure) {
        // not written: not counted
    }

    private static Optional<TransitionSample> sampleOf(Object payload) {
        if (!(payload instanceof byte[] bytes)) {
            return Optional.empty(); // a tombstone
        }
        try {
            return TransitionSample.newestOf(Json.read(bytes, JobStatus.class).history());
        } catch (RuntimeException e) {
            LOG.debugf(e, "a status record the meters cannot read");
            return Optional.empty();
        }
    }
}
