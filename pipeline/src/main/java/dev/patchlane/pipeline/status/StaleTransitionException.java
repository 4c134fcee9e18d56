package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.JobState;

/**
 * A stage wanted to move a job on from a state the job has already left (a redelivered or duplicated record): nothing is
 * written and the stage does no work for it. {@link dev.patchlane.pipeline.kafka.RecordHandler} acknowledges such a
 * record instead of retrying it.
 */
public final class StaleTransitionException extends RuntimeException {

    private final String jobId;
    private final JobState current;
    private final JobState wanted;

    public StaleTransitionException(String jobId, JobState current, JobState wanted, String why) {
        super("job " + jobId + " is " + current + "; not moving it to " + wanted + ": " + why);
        this.jobId = jobId;
        this.current = current;
        this.wanted = wanted;
    }

    public String jobId() {
        return jobId;
    }

    public JobState current() {
        return current;
    }

    public JobState wanted() {
        return wanted;
    }
}
