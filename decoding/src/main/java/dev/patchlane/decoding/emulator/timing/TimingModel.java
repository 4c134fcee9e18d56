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
        int devices = devicesFor(model, hardware, workload.devices());
        return hardware.kind() == HardwareKind.GPU
                ? gpu(model, hardware, workload, devices)
                : wafer(model, hardware, workload, devices);
    }

    /** The fewest devices whose usable memory holds the weights. */
    public static int devicesNeeded(ModelProfile model, HardwareProfile hardware) {
        // The epsilon keeps an exact fit, e.g. 88 GB on two 44 GB wafers, from rounding up to three.
        return Math.max(1, (int) Math.ceil(model.weightBytes() / hardware.usableMemoryBytes() - 1e-9));
    }

    /** The devices a workload runs on: those it names, else the fewest that hold the weights. */
    public static int devicesFor(ModelProfile model, HardwareProfile hardware, int requested) {
        return requested > 0 ? requested : devicesNeeded(model, hardware);
    }

    /** Prefill is compute-bound: 2 × active params FLOPs per prompt token. */
    public static double prefillFlops(ModelProfile model, int promptTokens) {
        return 2.0 * model.activeParams() * promptTokens;
    }

    /**
     * The prompt's prefill time, without overhead or reasoning. A GPU deployment prefills on all its devices; on wafers
     * the prompt crosses them in turn, so it runs at one wafer's rate.
     */
    public static double prefillSeconds(ModelProfile model, HardwareProfile hardware, int promptTokens, int devices) {
        double flops = hardware.peakFlopsAt(model.bytesPerWeight());
        if (hardware.kind() == HardwareKind.GPU) {
            flops *= tensorParallelScale(hardware, devices);
        }
        return prefillFlops(model, promptTokens) / (flops * hardware.prefillEfficiency());
    }

    private static double tensorParallelScale(HardwareProfile hardware, int devices) {
        return devices / (1 + hardware.tensorParallelOverhead() * (devices - 1));
    }

    private static TimingEstimate gpu(ModelProfile model, HardwareProfile hardware, Workload workload, int devices) {
        int streams = workload.concurrentStreams();
        double scale = tensorParallelScale(hardware, devices);
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
        return estimate(model, hardware, workload, devices, stepSeconds, bound);
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
        return estimate(model, hardware, workload, devices, stepSeconds, bound);
    }

    private static double speedup(ModelProfile model, HardwareProfile hardware) {
        return model.draftModel() == null ? 1.0 : hardware.speculativeDecoding().speedup();
    }

    // A reasoning model decodes its hidden tokens at the stream's own speed before the first visible one.
    private static TimingEstimate estimate(ModelProfile model, HardwareProfile hardware, Workload workload, int devices,
            double stepSeconds, TimingEstimate.Bound bound) {
        double ttft = prefillSeconds(model, hardware, workload.promptTokens(), devices) + hardware.overheadSeconds()
                + model.reasoningTokens() * stepSeconds;
        return new TimingEstimate(devices, stepSeconds, 1.0 / stepSeconds, workload.concurrentStreams() / stepSeconds, ttft,
                bound);
    }
}
