package dev.patchlane.sink.progressissue;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.PublicationTarget;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a progress issue shows of one job.
 *
 * @param jobId the job
 * @param repository the repository the job changes, as the migration names it
 * @param state its state now
 * @param reason why it is in that state
 * @param pullRequest the pull request it was published as, or null (also for anything but an http(s) pull request URL)
 * @param historySize how many transitions it has had, to keep the newer of two records
 */
record JobLine(String jobId, String repository, JobState state, String reason, String pullRequest, int historySize) {

    // What the GitHub publisher records: an http(s) pull request URL, nothing a link could break out of.
    private static final Pattern PULL_URL = Pattern.compile("^https?://[A-Za-z0-9.:-]+(/[A-Za-z0-9._~%-]+)+/pull/[1-9][0-9]{0,9}$");

    JobLine {
        // a status record can be written by anyone who can write the topic: only a plain pull request URL becomes a link
        pullRequest = pullRequest != null && PULL_URL.matcher(pullRequest).matches() ? pullRequest : null;
    }

    static JobLine of(JobStatus status) {
        return new JobLine(status.jobId(), status.repository(), status.state(), status.reason(), pullRequestOf(status).orElse(null),
                status.history().size());
    }

    boolean terminal() {
        return state.isTerminal();
    }

    /** A terminal line stays; otherwise the longer history wins, as in the status view. */
    JobLine newer(JobLine incoming) {
        if (terminal()) {
            return this;
        }
        if (incoming.terminal()) {
            return incoming;
        }
        return incoming.historySize >= historySize ? incoming : this;
    }

    private static Optional<String> pullRequestOf(JobStatus status) {
        if (status.publication() == null) {
            return Optional.empty();
        }
        return status.publication().targets().stream()
                .filter(target -> "github".equals(target.publisher()))
                .map(PublicationTarget::location)
                .filter(location -> location != null && PULL_URL.matcher(location).matches())
                .findFirst();
    }
}
