package dev.patchlane.decoding;

/** Why a decode failed, and whether trying again can help. */
public enum Failure {
    /** 429 without a quota code: wait ({@code Retry-After} when given) and retry. */
    RATE_LIMITED(true),
    /** 5xx or an overloaded endpoint. */
    SERVER_ERROR(true),
    /** The connection could not be made or the connect timeout passed. */
    CONNECT(true),
    /** No byte arrived within the read timeout. */
    READ_TIMEOUT(true),
    /** The stream ended or broke before its finish event. */
    STREAM_CUT(true),
    /** 400, 404, 422: the request itself is wrong. */
    BAD_REQUEST(false),
    /** 401, 403: the key is missing, wrong or lacks permission. */
    UNAUTHORIZED(false),
    /** 429 or 403 with a quota or billing code: retrying cannot help until someone pays. */
    QUOTA_EXCEEDED(false),
    /** The prompt plus the requested output exceed the context window. */
    CONTEXT_LENGTH_EXCEEDED(false),
    /** The endpoint's circuit breaker is open after repeated failures. */
    CIRCUIT_OPEN(false),
    /** The retry budget or the total timeout is spent. */
    BUDGET_EXHAUSTED(false),
    /** The reply broke the wire protocol (unparseable event, missing fields). */
    PROTOCOL(false);

    private final boolean retryable;

    Failure(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
