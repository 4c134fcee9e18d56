package dev.patchlane.decoding.resilience;

import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The attempts of one subscriber's stream. Each attempt subscribes to the delegate afresh and forwards its events; it
 * succeeds when the delegate's {@link DecodeEvent.Finished} has been forwarded and the delegate completed. Attempts
 * run one after another, never overlapping, so the fields are only ever touched by one thread at a time.
 */
final class Attempts {

    private static final Logger LOG = Logger.getLogger(ResilientDecoder.class);

    private final Decoder delegate;
    private final DecodeRequest request;
    private final MultiEmitter<? super DecodeEvent> downstream;
    private final ResilienceSettings settings;
    private final Backoff backoff;
    private final String endpoint;
    private final long deadline;
    private volatile int attempt;
    private volatile boolean forwardedAny;
    private volatile DecoderException lastFailure;
    private volatile boolean stopped;
    private volatile Cancellable current;
    private volatile CompletableFuture<Void> running;

    Attempts(Decoder delegate, DecodeRequest request, MultiEmitter<? super DecodeEvent> downstream, ResilienceSettings settings,
            Backoff backoff, String endpoint) {
        this.delegate = delegate;
        this.request = request;
        this.downstream = downstream;
        this.settings = settings;
        this.backoff = backoff;
        this.endpoint = endpoint;
        this.deadline = System.nanoTime() + settings.totalDeadline().toNanos();
    }

    /** Starts the next attempt; the stage completes when it has finished, or fails with an {@link AttemptFailed}. */
    CompletionStage<Void> next() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (stopped) {
            done.completeExceptionally(new CancellationException("the subscriber cancelled"));
            return done;
        }
        running = done;
        attempt++;
        if (attempt > 1 && forwardedAny) {
            downstream.emit(new DecodeEvent.Restarted(attempt, lastFailure.failure() + ": " + lastFailure.getMessage()));
        }
        forwardedAny = false;
        AtomicBoolean finished = new AtomicBoolean();
        current = delegate.stream(request).subscribe().with(
                event -> {
                    forwardedAny = true;
                    if (event instanceof DecodeEvent.Finished) {
                        finished.set(true);
                    }
                    downstream.emit(event);
                },
                failure -> done.completeExceptionally(judge(failure)),
                () -> {
                    if (finished.get()) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(judge(new DecoderException(Failure.STREAM_CUT, "the stream ended without a finish event")));
                    }
                });
        if (stopped) {
            current.cancel();
        }
        return done;
    }

    /** Ends the subscriber's stream once the guard has given its verdict. */
    void end(Void ignored, Throwable error) {
        if (stopped) {
            return;
        }
        if (error == null) {
            downstream.complete();
            return;
        }
        AttemptFailed failed = AttemptFailed.in(error);
        if (failed != null) {
            downstream.fail(failed.outcome(attempt));
        } else if (unwrap(error) instanceof CircuitBreakerOpenException) {
            downstream.fail(new DecoderException(Failure.CIRCUIT_OPEN, endpoint + ": the circuit breaker is open after repeated endpoint failures; "
                    + "streams fail at once for up to " + settings.breakerDelay().toMillis() + " ms"));
        } else {
            downstream.fail(unwrap(error));
        }
    }

    /** The subscriber went away, or the stream ended: no further attempt starts and the current one is cancelled. */
    void stop() {
        stopped = true;
        Cancellable subscription = current;
        if (subscription != null) {
            subscription.cancel();
        }
        CompletableFuture<Void> attemptInFlight = running;
        if (attemptInFlight != null) {
            attemptInFlight.completeExceptionally(new CancellationException("the subscriber cancelled"));
        }
    }

    private AttemptFailed judge(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (!(t instanceof DecoderException failure) || !failure.retryable()) {
            return AttemptFailed.permanent(t);
        }
        lastFailure = failure;
        int next = attempt + 1;
        if (next > settings.maxAttempts()) {
            return AttemptFailed.gaveUp(failure, attempt + " attempts, the most allowed");
        }
        Duration wait = backoff.before(next, failure);
        if (System.nanoTime() + wait.toNanos() - deadline > 0) {
            return AttemptFailed.gaveUp(failure, "attempt " + next + " would start " + wait.toMillis() + " ms from now, after the total deadline of "
                    + settings.totalDeadline().toMillis() + " ms");
        }
        LOG.infof("%s: attempt %d failed (%s: %s); attempt %d in %d ms", endpoint, attempt, failure.failure(), failure.getMessage(), next,
                wait.toMillis());
        return AttemptFailed.retryIn(failure, wait);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable t = thrown;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
