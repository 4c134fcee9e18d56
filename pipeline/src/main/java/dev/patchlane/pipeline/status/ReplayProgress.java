package dev.patchlane.pipeline.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a replay of a topic has reached the end offsets the topic had when the replay began: until then, a view
 * built from it may still miss records that were already written.
 */
final class ReplayProgress {

    private final Map<Integer, Long> endOffsets;
    private final Map<Integer, Long> seen = new ConcurrentHashMap<>();

    ReplayProgress(Map<Integer, Long> endOffsets) {
        this.endOffsets = Map.copyOf(endOffsets);
    }

    void seen(int partition, long offset) {
        seen.merge(partition, offset, Math::max);
    }

    boolean complete() {
        return endOffsets.entrySet().stream()
                .allMatch(end -> end.getValue() == 0 || seen.getOrDefault(end.getKey(), -1L) >= end.getValue() - 1);
    }
}
