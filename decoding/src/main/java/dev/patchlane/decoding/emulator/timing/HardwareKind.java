package dev.patchlane.decoding.emulator.timing;

/** The two decode regimes the timing model knows. */
public enum HardwareKind {
    /** Weights stream from HBM each step: decode is bandwidth-bound at small batch. */
    GPU,
    /** Weights stay in on-wafer SRAM: decode is latency-bound, layer after layer, wafer after wafer. */
    WAFER
}
