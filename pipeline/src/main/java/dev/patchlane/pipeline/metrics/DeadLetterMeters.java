package dev.patchlane.pipeline.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smallrye.reactive.messaging.IncomingInterceptor;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@code patchlane.dead.letters}: records this process's consumers refused, by topic and failure. Every Kafka channel
 * nacks to the dead-letter topic ({@code failure-strategy=dead-letter-queue}), and a nack completes once the record is
 * written there, so this counts records dead-lettered. SmallRye applies an interceptor without an identifier to every
 * incoming channel that has none of its own.
 */
@ApplicationScoped
public class DeadLetterMeters implements IncomingInterceptor {

    public static final String DEAD_LETTERS = "patchlane.dead.letters";

    @Inject
    MeterRegistry registry;

    @Override
    public void onMessageAck(Message<?> message) {
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable failure) {
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse("unknown");
        registry.counter(DEAD_LETTERS, Tags.of("topic", topic, "failure", failure == null ? "unknown" : failure.getClass().getSimpleName()))
                .increment();
    }
}
