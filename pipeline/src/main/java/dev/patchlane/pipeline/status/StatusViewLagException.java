package dev.patchlane.pipeline.status;

/** The status view did not catch up with the status topic in time to judge a write: retried, never a final status. */
public class StatusViewLagException extends RuntimeException {

    public StatusViewLagException(String jobId) {
        super("the status view has not caught up with the status topic; job " + jobId + " waits for it");
    }
}
