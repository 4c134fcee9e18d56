package dev.patchlane.pipeline.metrics;

import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import io.smallrye.reactive.messaging.OutgoingInterceptor;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Records an attempt (decode speed, time to first token, cost, tokens, result) and the worker's result transition from
 * each outcome a lane writes, once the broker has it. One bean per lane's outcome channel, since SmallRye binds an
 * interceptor to one channel.
 */
public abstract class OutcomeWriteMeters implements OutgoingInterceptor {

    private static final Logger LOG = Logger.getLogger(OutcomeWriteMeters.class);

    @Inject
    JobMeters meters;

    private record Written(Outcome outcome) {
    }

    @Override
    public Message<?> beforeMessageSend(Message<?> message) {
        if (message.getPayload() instanceof byte[] bytes) {
            try {
                return message.addMetadata(new Written(Json.read(bytes, Outcome.class)));
            } catch (RuntimeException e) {
                LOG.debugf(e, "an outcome record the meters cannot read");
            }
        }
        return message;
    }

    @Override
    public void onMessageAck(Message<?> message) {
        message.getMetadata(Written.class).ifPresent(written -> {
            meters.attempt(written.outcome());
            TransitionSample.newestOf(written.outcome().history()).ifPresent(meters::transition);
        });
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable failure) {
        // not written: not counted
    }
}
