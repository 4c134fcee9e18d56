package dev.patchlane.decoding.emulator.timing;

/**
 * Decode and prefill timing from first principles; see {@code docs/emulator.md} for the equations and their sources.
 *
 * <p>Pure arithmetic: no clock, no state.
 */
public final class TimingModel {

    private TimingModel() {
    }

    public static TimingEstimate estimate(ModelProfile model, HardwareProfile hardware, Workload workload) {
        int devices = workload.devices() > 0 ? workload.devices() : devicesNeeded(model, hardware);
        return hardware.kind() == HardwareKind.GPU
                ? gpu(model, hardware, workload, devices)
                : wafer(model, hardware, workload, devices);
    }

    /** The fewest devices whose usable memory holds the weights. */
    public static int devicesNeeded(ModelProfile model, HardwareProfile hardware) {
        // The epsilon keeps an exact fit, e.g. 88 GB on two 44 GB wafers, from rounding up to three.
        return Math.max(1, (int) Math.ceil(model.weightBytes() / hardware.usableMemoryBytes() - 1e-9));
    }

    /** Prefill is compute-bound: 2 × active params FLOPs per prompt token. */
    public static double prefillFlops(ModelProfile model, int promptTokens) {
        return 2.0 * model.activeParams() * promptTokens;
    }

    private static TimingEstimate gpu(ModelProfile model, HardwareProfile hardware, Workload workload, int devices) {
        int streams = workload.concurrentStreams();
        double scale = devices / (1 + hardware.tensorParallelOverhead() * (devices - 1));
        double bandwidth = hardware.memoryBandwidth() * hardware.efficiency() * scale;
        double flops = hardware.peakFlopsAt(model.bytesPerWeight()) * scale;
        // A mixture of experts reads each stream's experts; the batch can touch at most all of them.
        double weightBytesRead = Math.min(model.weightBytes(), model.activeWeightBytes() * streams);
        double kvBytesRead = streams * model.kvBytesPerToken() * workload.meanContextTokens();
        double memorySeconds = (weightBytesRead + kvBytesRead) / bandwidth;
        double computeSeconds = 2.0 * model.activeParams() * streams / (flops * hardware.efficiency());
        double stepSeconds = Math.max(memorySeconds, computeSeconds) / speedup(model, hardware);
        TimingEstimate.Bound bound = memorySeconds >= computeSeconds
                ? TimingEstimate.Bound.MEMORY_BANDWIDTH : TimingEstimate.Bound.COMPUTE;
        double ttft = prefillFlops(model, workload.promptTokens()) / (flops * hardware.prefillEfficiency())
                + hardware.overheadSeconds();
        return estimate(devices, stepSeconds, streams, ttft, bound);
    }

    private static TimingEstimate wafer(ModelProfile model, HardwareProfile hardware, Workload workload, int devices) {
        int streams = workload.concurrentStreams();
        double flops = hardware.peakFlopsAt(model.bytesPerWeight());
        double tokenSeconds = (model.layers() * hardware.perLayerLatencySeconds()
                + (devices - 1) * hardware.hopLatencySeconds()) / speedup(model, hardware);
        // Layers form a pipeline: up to one stream per layer decodes without slowing the others.
        double latencySeconds = tokenSeconds * Math.max(1.0, (double) streams / model.layers());
        double computeSeconds = 2.0 * model.activeParams() * streams / (flops * devices);
        double stepSeconds = Math.max(latencySeconds, computeSeconds);
        TimingEstimate.Bound bound = latencySeconds >= computeSeconds
                ? TimingEstimate.Bound.LAYER_LATENCY : TimingEstimate.Bound.COMPUTE;
        // A prompt crosses the wafers in turn, so its prefill runs at one wafer's rate.
        double ttft = prefillFlops(model, workload.promptTokens()) / (flops * hardware.prefillEfficiency())
                + hardware.overheadSeconds();
        return estimate(devices, stepSeconds, streams, ttft, bound);
    }

    private static double speedup(ModelProfile model, HardwareProfile hardware) {
        return model.draftModel() == null ? 1.0 : hardware.speculativeDecoding().speedup();
    }

    private static TimingEstimate estimate(int devices, double stepSeconds, int streams, double ttft,
            TimingEstimate.Bound bound) {
        return new TimingEstimate(devices, stepSeconds, 1.0 / stepSeconds, streams / stepSeconds, ttft, bound);
    }
}
