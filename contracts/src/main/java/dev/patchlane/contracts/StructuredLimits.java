package dev.patchlane.contracts;

/** Bounds of a structured result, shared by the worker that produces it and the sink that publishes it. */
public final class StructuredLimits {

    /**
     * The largest document, serialised: it travels in the outcome, the publication and the status record, each of
     * which must stay under Kafka's default 1 MB record limit with the job (and its schema) beside it.
     */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private StructuredLimits() {
    }
}
