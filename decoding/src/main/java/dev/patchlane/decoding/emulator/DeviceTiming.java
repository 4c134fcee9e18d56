package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.emulator.timing.HardwareProfile;
import dev.patchlane.decoding.emulator.timing.ModelProfile;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.decoding.emulator.timing.TimingModel;
import dev.patchlane.decoding.emulator.timing.Workload;
import java.time.Duration;

/**
 * The clock an emulated device follows: the timing model for a model on some hardware, or a fixed override. A stream
 * waits {@link #startSeconds} after it gets a slot (prefill and overhead), then decodes its hidden reasoning tokens and
 * its visible ones at {@link #tokensPerSecond} for the streams active at each moment.
 */
public final class DeviceTiming {

    private final ModelProfile model;
    private final HardwareProfile hardware;
    private final int devices;
    private final int minBatch;
    private final StreamTiming fixed;

    private DeviceTiming(ModelProfile model, HardwareProfile hardware, int devices, int minBatch, StreamTiming fixed) {
        this.model = model;
        this.hardware = hardware;
        this.devices = devices;
        this.minBatch = minBatch;
        this.fixed = fixed;
    }

    public static DeviceTiming of(EmulatorSettings settings, Profiles profiles) {
        if (settings.override() != null) {
            return fixed(settings.override());
        }
        return modelled(profiles.model(settings.model()), profiles.hardware(settings.hardware()), settings.devices(),
                settings.minBatch());
    }

    /**
     * @param devices devices the model is spread over; 0 picks the fewest that hold its weights
     * @param minBatch the smallest batch the model is timed at (other tenants of a shared deployment)
     */
    public static DeviceTiming modelled(ModelProfile model, HardwareProfile hardware, int devices, int minBatch) {
        return new DeviceTiming(model, hardware, TimingModel.devicesFor(model, hardware, devices), Math.max(1, minBatch), null);
    }

    public static DeviceTiming fixed(StreamTiming timing) {
        return new DeviceTiming(null, null, 0, 1, timing);
    }

    /**
     * The target for one request: its time to first token and decode speed while {@code activeStreams} streams, it
     * included, hold slots, each with this prompt and output length. Pure: the device reaches it when the number of
     * active streams stays put.
     */
    public StreamTiming target(int promptTokens, int outputTokens, int activeStreams) {
        double rate = tokensPerSecond(activeStreams, promptTokens, hiddenTokens() + outputTokens);
        double ttft = startSeconds(promptTokens) + hiddenTokens() / rate;
        return new StreamTiming(Duration.ofNanos(Math.round(ttft * 1e9)), rate);
    }

    /** Seconds from getting a slot to the first decoded token, hidden or not: prefill plus overhead. */
    public double startSeconds(int promptTokens) {
        if (fixed != null) {
            return fixed.timeToFirstToken().toNanos() / 1e9;
        }
        return TimingModel.prefillSeconds(model, hardware, promptTokens, devices) + hardware.overheadSeconds();
    }

    /** Hidden reasoning tokens decoded before the first visible one. */
    public int hiddenTokens() {
        return fixed != null ? 0 : model.reasoningTokens();
    }

    /** Per-stream decode speed with this many streams active, at their mean prompt and output (hidden included) length. */
    public double tokensPerSecond(int activeStreams, double meanPromptTokens, double meanOutputTokens) {
        if (fixed != null) {
            return fixed.tokensPerSecond();
        }
        Workload workload = new Workload(Math.max(minBatch, Math.max(1, activeStreams)), (int) Math.round(meanPromptTokens),
                (int) Math.round(meanOutputTokens), devices);
        return TimingModel.estimate(model, hardware, workload).perStreamTokensPerSecond();
    }

    /** GPUs or wafers the model is spread over; 0 for a fixed override. */
    public int devices() {
        return devices;
    }
}
