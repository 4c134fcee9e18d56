package dev.patchlane.ingest;

import java.util.List;

/** What became of a submission. */
public sealed interface IntakeResult {

    /** A new job, written to the submitted topic. */
    record Accepted(String id) implements IntakeResult {
    }

    /** A job with this idempotency key already exists; nothing new was created. */
    record Duplicate(String id, String state) implements IntakeResult {
    }

    /**
     * Refused; nothing was written.
     *
     * @param httpStatus 400 or 413
     * @param error what is wrong
     * @param violations each offending field with its problem
     */
    record Refused(int httpStatus, String error, List<String> violations) implements IntakeResult {
    }

    /**
     * The repository is not one this tenant and source may name; nothing was written and nothing was fetched.
     *
     * @param rule the allow-list rule that refused it, e.g. {@code FILE_SCHEME}
     * @param detail what matched, with any credentials removed
     */
    record Forbidden(String rule, String detail) implements IntakeResult {
    }

    /**
     * The tenant reached one of its limits; nothing was written.
     *
     * @param limit the limit, e.g. {@code max-in-flight}
     * @param detail the usage that reached it
     * @param retryAfter when trying again may succeed
     */
    record Throttled(String limit, String detail, java.time.Duration retryAfter) implements IntakeResult {
    }

    /** The broker could not take the job; the caller should retry with the same idempotency key. */
    record Unavailable(String error) implements IntakeResult {
    }
}
