package dev.patchlane.decoding.emulator;

/**
 * How often the emulator misbehaves as a real endpoint does; every rate is a probability per request, 0 to 1.
 *
 * @param rateLimit answer 429 ({@code RATE_LIMITED} with a Retry-After) before the first token
 * @param serverError answer 500 or 503 ({@code SERVER_ERROR}) before the first token
 * @param streamCut break the stream ({@code STREAM_CUT}) after a random part of its tokens
 * @param truncation finish early with finish reason {@code length}
 * @param malformedStructuredOutput corrupt the tool-call arguments or JSON reply, or else the diff's hunk headers
 * @param checkFailure answer with a patch that applies but breaks the build (the file's last closing brace dropped),
 *     labelled as injected, so that verification-gated escalation is exercised
 */
public record FaultSettings(double rateLimit, double serverError, double streamCut, double truncation,
        double malformedStructuredOutput, double checkFailure) {

    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 0, 0);

    public FaultSettings(double rateLimit, double serverError, double streamCut, double truncation, double malformedStructuredOutput) {
        this(rateLimit, serverError, streamCut, truncation, malformedStructuredOutput, 0);
    }

    /**
     * The fast class's default: an assumption, not a measured figure. Speed-first models are known to be weaker at JSON
     * schemas and tool-call formatting; one reply in twenty is taken as malformed.
     */
    public static final FaultSettings FAST_CLASS = new FaultSettings(0, 0, 0, 0, 0.05, 0);

    public FaultSettings {
        for (double rate : new double[] {rateLimit, serverError, streamCut, truncation, malformedStructuredOutput, checkFailure}) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("a fault rate is a probability from 0 to 1, was " + rate);
            }
        }
    }
}
