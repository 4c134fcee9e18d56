package dev.patchlane.decoding.emulator.timing;

/**
 * The timing model's answer for one (model, hardware, workload).
 *
 * @param devices GPUs or wafers the model is spread over
 * @param secondsPerOutputToken time between two output tokens of one stream
 * @param perStreamTokensPerSecond decode speed one stream sees
 * @param aggregateTokensPerSecond decode speed of all streams together
 * @param timeToFirstTokenSeconds prefill plus overhead plus any hidden reasoning, for a request that finds a free slot
 * @param bound what limits a decode step
 */
public record TimingEstimate(
        int devices,
        double secondsPerOutputToken,
        double perStreamTokensPerSecond,
        double aggregateTokensPerSecond,
        double timeToFirstTokenSeconds,
        Bound bound) {

    /** What limits a decode step. */
    public enum Bound {
        MEMORY_BANDWIDTH,
        COMPUTE,
        LAYER_LATENCY
    }
}
