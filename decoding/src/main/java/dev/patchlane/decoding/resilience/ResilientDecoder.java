package dev.patchlane.decoding.resilience;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Retries a decoder's streams and stops calling an endpoint that keeps failing, with a SmallRye Fault Tolerance guard
 * (retry around a circuit breaker). A retry requests the whole stream again; when the failed attempt had already
 * produced events, a {@link DecodeEvent.Restarted} tells the subscriber to discard them. Non-retryable failures end the
 * stream at once; retryable ones that outlast the attempts or the deadline end it with {@code BUDGET_EXHAUSTED}; an
 * open breaker ends it with {@code CIRCUIT_OPEN}, unretried. One instance is one endpoint's breaker: share it.
 */
public final class ResilientDecoder implements Decoder {

    private final Decoder delegate;
    private final ResilienceSettings settings;
    private final Backoff backoff;
    private final AtomicReference<CircuitBreakerState> circuit = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final TypedGuard<CompletionStage<Void>> guard;

    public ResilientDecoder(Decoder delegate, ResilienceSettings settings) {
        this(delegate, settings, new Random());
    }

    /** @param random draws the jittered waits; pass a seeded one for repeatable tests */
    public ResilientDecoder(Decoder delegate, ResilienceSettings settings, RandomGenerator random) {
        this.delegate = delegate;
        this.settings = settings;
        this.backoff = new Backoff(settings, random);
        this.guard = TypedGuard.create(new TypeLiteral<CompletionStage<Void>>() {
                })
                .withDescription("decoder " + endpointName())
                .withRetry()
                    .maxRetries(settings.maxAttempts() - 1)
                    .maxDuration(settings.totalDeadline().toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .whenException(thrown -> {
                        AttemptFailed failed = AttemptFailed.in(thrown);
                        return failed != null && failed.retry();
                    })
                    .withCustomBackoff().strategy(() -> thrown -> {
                        AttemptFailed failed = AttemptFailed.in(thrown);
                        return failed == null ? 0 : failed.retryDelayMillis();
                    }).done()
                    .done()
                .withCircuitBreaker()
                    .requestVolumeThreshold(settings.breakerWindow())
                    .failureRatio(settings.breakerFailureRatio())
                    .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    // anything else, a cancellation included, counts as a success: the breaker has no "ignore"
                    .when(thrown -> {
                        AttemptFailed failed = AttemptFailed.in(thrown);
                        return failed != null && failed.countsAgainstEndpoint();
                    })
                    .onStateChange(circuit::set)
                    .done()
                .build();
    }

    @Override
    public Multi<DecodeEvent> stream(DecodeRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            Attempts attempts = new Attempts(delegate, request, emitter, settings, backoff, endpointName());
            emitter.onTermination(attempts::stop);
            if (emitter.isCancelled()) {
                return;
            }
            guard.get(attempts::next).whenComplete(attempts::end);
        });
    }

    @Override
    public DecoderInfo describe() {
        return delegate.describe();
    }

    /** The breaker's state: {@code OPEN} while streams are refused. */
    public CircuitBreakerState circuitState() {
        return circuit.get();
    }

    public ResilienceSettings settings() {
        return settings;
    }

    private String endpointName() {
        DecoderInfo info = delegate.describe();
        return info.model() + " at " + info.endpoint();
    }

    @Override
    public String toString() {
        return "ResilientDecoder[" + endpointName() + "]";
    }
}
