package dev.patchlane.pipeline.status;

import java.util.Collection;

/** Writes tombstones (null values) for jobs to the status topic, so compaction removes them from it. */
interface StatusTombstones extends AutoCloseable {

    /** Writes one tombstone per job and returns once the broker acknowledged all of them. */
    void write(Collection<String> jobIds);

    @Override
    void close();
}
