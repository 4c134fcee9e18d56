package dev.patchlane.router.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecayTest {

    @Test
    void aKeysOutcomeAHalfLifeBackWeighsHalfWhateverThePartitions() {
        for (int partitions : new int[] {1, 4, 6}) {
            double factor = Decay.factor(100, partitions);
            // each partition's record sees 1/P of the key's outcomes
            assertEquals(0.5, Math.pow(factor, 100.0 / partitions), 1e-9);
        }
        assertEquals(1, Decay.factor(0, 4));
        Decay decay = new Decay(200, 15);
        assertEquals(0.5, Math.pow(decay.recentFactor(4), 15.0 / 4), 1e-9);
        assertEquals(0.5, Math.pow(decay.factor(4), 200.0 / 4), 1e-9);
    }
}
