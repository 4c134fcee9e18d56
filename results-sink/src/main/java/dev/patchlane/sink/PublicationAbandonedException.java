package dev.patchlane.sink;

/** The sink gave up publishing a job; the job is DEAD and its outcome goes to the dead-letter topic. */
public class PublicationAbandonedException extends RuntimeException {

    public PublicationAbandonedException(String jobId, Throwable cause) {
        super("publication of job " + jobId + " abandoned: " + cause.getMessage(), cause);
    }
}
