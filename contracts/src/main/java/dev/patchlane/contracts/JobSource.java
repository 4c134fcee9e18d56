package dev.patchlane.contracts;

/**
 * Who or what submitted a job.
 *
 * @param type the channel it came through, e.g. {@code api}, {@code cli}, {@code demo}, {@code ci-bot}
 * @param name the submitter's name within that channel, e.g. a bot or user name
 * @param reference an optional link back to the origin (issue URL, pipeline run), may be null
 * @param commit the commit the event was about (a pull request's head, a check run's head), where the job's status is
 *     reported as a check run; null when the origin names no commit (an issue)
 */
public record JobSource(String type, String name, String reference, String commit) {

    public JobSource(String type, String name, String reference) {
        this(type, name, reference, null);
    }
}
