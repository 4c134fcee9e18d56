package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.JobStatus;

/** Told of every change of a job's status in the view, in order for each job. */
@FunctionalInterface
public interface StatusChangeListener {

    /**
     * @param previous the status the view held, or null for a job it did not know
     * @param current the status it holds now, or null when the job was removed (a tombstone or the retention sweep)
     */
    void changed(JobStatus previous, JobStatus current);
}
