package dev.patchlane.decoding.emulator.timing;

/**
 * What the hardware is asked to do at once.
 *
 * @param concurrentStreams requests decoding together (the batch)
 * @param promptTokens prompt tokens of each request
 * @param outputTokens output tokens of each request; the KV cache read per step is taken at mid-output
 * @param devices GPUs or wafers to spread the model over; 0 picks the fewest that hold the weights
 */
public record Workload(int concurrentStreams, int promptTokens, int outputTokens, int devices) {

    public Workload {
        if (concurrentStreams < 1 || promptTokens < 0 || outputTokens < 0 || devices < 0) {
            throw new IllegalArgumentException("need concurrentStreams >= 1 and non-negative tokens and devices");
        }
    }

    public static Workload single(int promptTokens, int outputTokens) {
        return new Workload(1, promptTokens, outputTokens, 0);
    }

    public Workload withStreams(int streams) {
        return new Workload(streams, promptTokens, outputTokens, devices);
    }

    public Workload onDevices(int count) {
        return new Workload(concurrentStreams, promptTokens, outputTokens, count);
    }

    /** The mean context a decode step attends over. */
    public double meanContextTokens() {
        return promptTokens + outputTokens / 2.0;
    }
}
