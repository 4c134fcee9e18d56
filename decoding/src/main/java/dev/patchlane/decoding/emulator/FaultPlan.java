package dev.patchlane.decoding.emulator;

/**
 * The faults drawn for one request.
 *
 * @param rateLimit refuse with 429 before the first token
 * @param serverErrorStatus refuse with this 5xx status before the first token; 0 for none
 * @param cutAt break the stream after this fraction of its tokens, 0 to 1; negative for no cut
 * @param truncateAt finish with {@code length} after this fraction of its tokens, 0 to 1; negative for no truncation
 * @param malformed corrupt the structured output or the diff headers
 * @param breaksChecks make a patch that applies but breaks the build (a fast-class model's plausible wrong answer)
 */
public record FaultPlan(boolean rateLimit, int serverErrorStatus, double cutAt, double truncateAt, boolean malformed, boolean breaksChecks) {

    public static final FaultPlan NONE = new FaultPlan(false, 0, -1, -1, false, false);

    public FaultPlan(boolean rateLimit, int serverErrorStatus, double cutAt, double truncateAt, boolean malformed) {
        this(rateLimit, serverErrorStatus, cutAt, truncateAt, malformed, false);
    }

    public boolean cuts() {
        return cutAt >= 0;
    }

    public boolean truncates() {
        return truncateAt >= 0;
    }
}
