package dev.patchlane.decoding;

import java.time.Duration;
import java.util.Optional;

/** A decoder failed: unreachable, refused, timed out or broke its protocol. Messages never hold credentials. */
public class DecoderException extends RuntimeException {

    private final Failure failure;
    private final int httpStatus;
    private final Duration retryAfter;

    public DecoderException(Failure failure, int httpStatus, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public DecoderException(Failure failure, String message) {
        this(failure, 0, null, message, null);
    }

    public DecoderException(String message) {
        this(Failure.PROTOCOL, message);
    }

    public DecoderException(String message, Throwable cause) {
        this(Failure.PROTOCOL, 0, null, message, cause);
    }

    public Failure failure() {
        return failure;
    }

    /** The HTTP status that carried the failure, or 0. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the endpoint asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean retryable() {
        return failure.retryable();
    }
}
