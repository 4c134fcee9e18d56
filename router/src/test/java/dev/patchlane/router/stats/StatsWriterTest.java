package dev.patchlane.router.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsWriterTest {

    @Test
    void aKeysOutcomeAHalfLifeBackWeighsHalfWhateverThePartitions() {
        for (int partitions : new int[] {1, 4, 6}) {
            double factor = StatsWriter.decayFactor(100, partitions);
            // each partition's record sees 1/P of the key's outcomes
            assertEquals(0.5, Math.pow(factor, 100.0 / partitions), 1e-9);
        }
        assertEquals(1, StatsWriter.decayFactor(0, 4));
    }
}
