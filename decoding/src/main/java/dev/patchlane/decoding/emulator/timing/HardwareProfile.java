package dev.patchlane.decoding.emulator.timing;

import java.util.Objects;

/**
 * One accelerator, as the timing model sees it. Units are SI: bytes, bytes/s, FLOP/s, seconds.
 *
 * @param name the profile name, e.g. {@code h100}
 * @param kind GPU (bandwidth-bound decode) or WAFER (latency-bound decode)
 * @param memoryBytes memory per device: HBM of a GPU, on-wafer SRAM of a wafer
 * @param memoryBandwidth bytes/s per device
 * @param peakDenseFlops dense 16-bit FLOP/s per device
 * @param lowPrecisionFlopsMultiplier how much faster dense math runs at 8 bits per weight or fewer (2 on Hopper FP8, 1 if
 *     the device has no faster low-precision path)
 * @param efficiency GPU only: the fraction of peak bandwidth and FLOP/s a decode step achieves
 * @param tensorParallelOverhead GPU only: the loss per extra device, effective rate = n × rate ÷ (1 + overhead × (n − 1))
 * @param usableMemoryFraction the fraction of device memory weights may take; the rest is KV cache and activations
 * @param perLayerLatencySeconds WAFER only: time for one token to cross one transformer layer
 * @param hopLatencySeconds WAFER only: time for one token to pass from one wafer to the next
 * @param prefillEfficiency the fraction of peak FLOP/s the prompt's prefill achieves
 * @param overheadSeconds network, queue and scheduling time added to every time to first token
 * @param speculativeDecoding what this serving stack's speculative decoding gives a model that has a draft model
 * @param note where the figures come from; says which are fitted
 */
public record HardwareProfile(
        String name,
        HardwareKind kind,
        double memoryBytes,
        double memoryBandwidth,
        double peakDenseFlops,
        double lowPrecisionFlopsMultiplier,
        double efficiency,
        double tensorParallelOverhead,
        double usableMemoryFraction,
        double perLayerLatencySeconds,
        double hopLatencySeconds,
        double prefillEfficiency,
        double overheadSeconds,
        SpeculativeDecoding speculativeDecoding,
        String note) {

    public HardwareProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind of " + name);
        positive(name, "memoryBytes", memoryBytes);
        positive(name, "memoryBandwidth", memoryBandwidth);
        positive(name, "peakDenseFlops", peakDenseFlops);
        positive(name, "prefillEfficiency", prefillEfficiency);
        if (lowPrecisionFlopsMultiplier == 0) {
            lowPrecisionFlopsMultiplier = 1;
        }
        if (usableMemoryFraction == 0) {
            usableMemoryFraction = 1;
        }
        if (lowPrecisionFlopsMultiplier < 1 || usableMemoryFraction < 0 || usableMemoryFraction > 1
                || prefillEfficiency > 1 || overheadSeconds < 0 || tensorParallelOverhead < 0) {
            throw new IllegalArgumentException(name + ": a multiplier, fraction, efficiency or overhead is out of range");
        }
        if (kind == HardwareKind.GPU) {
            positive(name, "efficiency", efficiency);
            if (efficiency > 1) {
                throw new IllegalArgumentException(name + ": efficiency is a fraction of peak, at most 1");
            }
        } else {
            positive(name, "perLayerLatencySeconds", perLayerLatencySeconds);
            if (hopLatencySeconds < 0) {
                throw new IllegalArgumentException(name + ": hopLatencySeconds must not be negative");
            }
        }
        speculativeDecoding = speculativeDecoding == null ? SpeculativeDecoding.NONE : speculativeDecoding;
    }

    /** Dense FLOP/s per device at a model's weight precision. */
    public double peakFlopsAt(double bytesPerWeight) {
        return bytesPerWeight <= 1.0 ? peakDenseFlops * lowPrecisionFlopsMultiplier : peakDenseFlops;
    }

    /** Weight bytes one device may hold. */
    public double usableMemoryBytes() {
        return memoryBytes * usableMemoryFraction;
    }

    static void positive(String owner, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + field + " must be a positive number, was " + value);
        }
    }
}
