package dev.patchlane.decoding.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One emulated deployment: which model on which hardware, how many streams it decodes at once, and how it misbehaves.
 *
 * @param lane the lane it serves, as content sources see it (a script entry may be solved only on some lanes)
 * @param model a model profile name, e.g. {@code codex-class}
 * @param hardware a hardware profile name, e.g. {@code h100}
 * @param devices devices the model is spread over; 0 picks the fewest that hold its weights
 * @param concurrentStreams slots: streams decoding at once; later requests wait in the queue
 * @param minBatch the batch the timing model sees is never smaller: a shared endpoint's other tenants fill the slots
 *     this lane leaves empty; 1 for a deployment of its own
 * @param queueLimit requests that may wait for a slot; beyond them the device answers {@code RATE_LIMITED}
 * @param chunkInterval how often the device delivers the tokens that came due
 * @param faults fault injection rates
 * @param seed the same seed gives the same faults to the same requests
 * @param override a fixed time to first token and tokens/s instead of the timing model, or null
 */
public record EmulatorSettings(String lane, String model, String hardware, int devices, int concurrentStreams, int minBatch,
        int queueLimit, Duration chunkInterval, FaultSettings faults, long seed, StreamTiming override) {

    public static final Duration DEFAULT_CHUNK_INTERVAL = Duration.ofMillis(25);

    public EmulatorSettings {
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(hardware, "hardware");
        chunkInterval = chunkInterval == null ? DEFAULT_CHUNK_INTERVAL : chunkInterval;
        faults = faults == null ? FaultSettings.NONE : faults;
        if (devices < 0 || concurrentStreams < 1 || minBatch < 0 || queueLimit < 0) {
            throw new IllegalArgumentException("need devices >= 0, concurrentStreams >= 1, minBatch >= 0 and queueLimit >= 0");
        }
        if (chunkInterval.toMillis() < 1) {
            throw new IllegalArgumentException("chunkInterval must be at least 1 ms, was " + chunkInterval);
        }
    }

    /** The fast lane's defaults: a Codex-Spark-class model on wafers, with its pipeline's 64 layers as slots. */
    public static EmulatorSettings fastLane() {
        return new EmulatorSettings("fast", "codex-spark-class", "wse3", 0, 64, 1, 1024, DEFAULT_CHUNK_INTERVAL,
                FaultSettings.FAST_CLASS, 42, null);
    }

    /**
     * The deep lane's defaults: a Codex-class reasoning model on H100s with 4 slots, its batch kept at 4, where the
     * timing model gives about 70 tok/s per stream (a lone stream would see about 290).
     */
    public static EmulatorSettings deepLane() {
        return new EmulatorSettings("deep", "codex-class", "h100", 0, 4, 4, 1024, DEFAULT_CHUNK_INTERVAL, FaultSettings.NONE, 42,
                null);
    }

    public EmulatorSettings withLane(String name) {
        return new EmulatorSettings(name, model, hardware, devices, concurrentStreams, minBatch, queueLimit, chunkInterval, faults,
                seed, override);
    }

    public EmulatorSettings withCapacity(int streams, int batchAtLeast, int queue) {
        return new EmulatorSettings(lane, model, hardware, devices, streams, batchAtLeast, queue, chunkInterval, faults, seed,
                override);
    }

    public EmulatorSettings withFaults(FaultSettings rates, long faultSeed) {
        return new EmulatorSettings(lane, model, hardware, devices, concurrentStreams, minBatch, queueLimit, chunkInterval, rates,
                faultSeed, override);
    }

    public EmulatorSettings withChunkInterval(Duration interval) {
        return new EmulatorSettings(lane, model, hardware, devices, concurrentStreams, minBatch, queueLimit, interval, faults, seed,
                override);
    }

    /** Fixed timing instead of the timing model; capacity, context window and faults still apply. */
    public EmulatorSettings withOverride(StreamTiming timing) {
        return new EmulatorSettings(lane, model, hardware, devices, concurrentStreams, minBatch, queueLimit, chunkInterval, faults,
                seed, timing);
    }

    /** How outcomes name the profile, e.g. {@code codex-class@h100}. */
    public String profile() {
        return model + "@" + hardware;
    }
}
