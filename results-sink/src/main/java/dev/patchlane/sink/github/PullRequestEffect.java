package dev.patchlane.sink.github;

/** What {@link GitHubPullRequests#ensure} found or did for a head branch. */
public enum PullRequestEffect {
    CREATED,
    EXISTING_OPEN,
    ALREADY_MERGED,
    CLOSED_BY_HUMAN
}
