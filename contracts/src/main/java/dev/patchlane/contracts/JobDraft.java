package dev.patchlane.contracts;

/**
 * A job a webhook delivery asks for, before what needs the repository or GitHub's API is looked up.
 *
 * @param request the job; its target paths may be empty until {@code changedFiles} or {@code annotationsUrl} fills them
 * @param changedFiles work on the files changed between two refs, or null
 * @param annotationsUrl the check run's annotations to fix, as GitHub's API URL, or null
 * @param untrustedText the raw issue, comment or pull-request text the instructions were cleaned from, kept for audit
 */
public record JobDraft(JobRequest request, RefRange changedFiles, String annotationsUrl, String untrustedText) {

    /**
     * Two refs of one repository.
     *
     * @param base the older side
     * @param head the newer side
     */
    public record RefRange(String base, String head) {
    }
}
