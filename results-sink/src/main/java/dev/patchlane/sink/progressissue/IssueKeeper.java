package dev.patchlane.sink.progressissue;

import dev.patchlane.sink.github.GitHubIssues;

/**
 * Brings one progress issue to a body: found by its marker, else created, on its first sync; edited only when the body
 * differs from what it holds, so a redelivered status or a restart costs no write.
 */
final class IssueKeeper {

    /** What a sync did. */
    enum Effect { EDITED, UNCHANGED }

    private final GitHubIssues issues;
    private final String label;

    IssueKeeper(GitHubIssues issues, String label) {
        this.issues = issues;
        this.label = label;
    }

    Effect sync(TrackedIssue issue, String title, String body) {
        String repository = issue.plan.repository();
        if (issue.number == null) {
            GitHubIssues.KeptIssue kept = issues.ensure(repository, title, label, issue.marker(), body);
            issue.number = kept.number();
            issue.lastBody = kept.body();
        }
        if (body.equals(issue.lastBody)) {
            return Effect.UNCHANGED;
        }
        issues.editBody(repository, issue.number, body);
        issue.lastBody = body;
        return Effect.EDITED;
    }
}
