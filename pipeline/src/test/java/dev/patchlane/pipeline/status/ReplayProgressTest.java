package dev.patchlane.pipeline.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {

    @Test
    void anEmptyTopicIsReplayedAtOnce() {
        assertTrue(new ReplayProgress(Map.of(0, 0L, 1, 0L)).complete());
    }

    @Test
    void theReplayEndsWhenEveryPartitionReachedItsStartingEnd() {
        ReplayProgress progress = new ReplayProgress(Map.of(0, 3L, 1, 0L, 2, 10L));
        progress.seen(0, 2);
        assertFalse(progress.complete());
        progress.seen(2, 5);
        assertFalse(progress.complete(), "a compacted partition still has to reach its last offset");
        progress.seen(2, 9);
        assertTrue(progress.complete());
        progress.seen(2, 4);
        assertTrue(progress.complete(), "an older offset does not move progress back");
    }
}
