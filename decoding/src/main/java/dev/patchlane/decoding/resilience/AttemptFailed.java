package dev.patchlane.decoding.resilience;

import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * How one attempt failed and what should follow, decided when it failed: the guard's retry reads {@link #retry()} and
 * the wait, its circuit breaker reads {@link #countsAgainstEndpoint()}. Never reaches the subscriber.
 */
final class AttemptFailed extends RuntimeException {

    private final Throwable failure;
    private final Duration retryIn;
    private final String gaveUp;

    private AttemptFailed(Throwable failure, Duration retryIn, String gaveUp) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
        this.retryIn = retryIn;
        this.gaveUp = gaveUp;
    }

    static AttemptFailed retryIn(DecoderException failure, Duration wait) {
        return new AttemptFailed(failure, wait, null);
    }

    /** Retrying could help but the budget or the deadline does not allow it. */
    static AttemptFailed gaveUp(DecoderException failure, String why) {
        return new AttemptFailed(failure, null, why);
    }

    /** Retrying cannot help. */
    static AttemptFailed permanent(Throwable failure) {
        return new AttemptFailed(failure, null, null);
    }

    /** The attempt failure inside a guard's exception, or null for anything else (a cancellation, an open breaker). */
    static AttemptFailed in(Throwable thrown) {
        Throwable t = thrown;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof AttemptFailed attempt ? attempt : null;
    }

    boolean retry() {
        return retryIn != null;
    }

    long retryDelayMillis() {
        return retryIn == null ? 0 : retryIn.toMillis();
    }

    /**
     * Whether the endpoint itself is unwell: 5xx, no connection, silence, a cut stream. Not 429 (the endpoint is up and
     * pacing us; its Retry-After does that job), not the caller's own errors, quota or context length, not a protocol
     * mismatch (a configuration error that retrying or waiting cannot cure).
     */
    boolean countsAgainstEndpoint() {
        if (!(failure instanceof DecoderException decoderFailure)) {
            return false;
        }
        Failure kind = decoderFailure.failure();
        return kind == Failure.SERVER_ERROR || kind == Failure.CONNECT || kind == Failure.READ_TIMEOUT || kind == Failure.STREAM_CUT;
    }

    Throwable failure() {
        return failure;
    }

    /** What the subscriber is told when the stream ends with this attempt. */
    Throwable outcome(int attempts) {
        if (!(failure instanceof DecoderException last) || !last.retryable()) {
            return failure;
        }
        String why = gaveUp != null ? gaveUp : "the retry limits were reached after " + attempts + " attempts";
        return new DecoderException(Failure.BUDGET_EXHAUSTED, last.httpStatus(), null,
                "gave up: " + why + "; last failure " + last.failure() + ": " + last.getMessage(), last);
    }
}
