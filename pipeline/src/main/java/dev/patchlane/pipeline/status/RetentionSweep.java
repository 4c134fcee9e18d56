package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.pipeline.status.store.StatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Removes jobs that ended longer than the retention ago: a tombstone on the status topic for each (so compaction drops
 * it there and later replays do not bring it back), then the job from the store, unless it changed meanwhile.
 */
final class RetentionSweep {

    private static final int BATCH = 1000;

    private final StatusStore store;
    private final Duration retention;
    private final StatusTombstones tombstones;
    private final StatusChangeListener removed;

    RetentionSweep(StatusStore store, Duration retention, StatusTombstones tombstones, StatusChangeListener removed) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("patchlane.status.retention must be positive, got " + retention);
        }
        this.store = store;
        this.retention = retention;
        this.tombstones = tombstones;
        this.removed = removed;
    }

    /** Removes every terminal job last updated before {@code now} minus the retention; returns how many. */
    int run(Instant now) {
        Instant cutoff = now.minus(retention);
        int count = 0;
        for (JobState state : JobState.values()) {
            if (!state.isTerminal()) {
                continue;
            }
            while (true) {
                List<String> expired = store.updatedBefore(state, cutoff, BATCH);
                if (expired.isEmpty()) {
                    break;
                }
                tombstones.write(expired);
                int removedNow = 0;
                for (String jobId : expired) {
                    JobStatus gone = store.deleteIf(jobId, s -> s.isTerminal() && s.updatedAt().isBefore(cutoff),
                            previous -> removed.changed(previous, null));
                    if (gone != null) {
                        removedNow++;
                    }
                }
                count += removedNow;
                if (removedNow == 0) {
                    break;
                }
            }
        }
        return count;
    }
}
