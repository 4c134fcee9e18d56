package dev.patchlane.sink.github;

import java.util.Objects;

/** The pull request for a head branch and how {@link GitHubPullRequests#ensure} came by it; url is the html page. */
public record PullRequestResult(PullRequestEffect effect, int number, String url) {

    public PullRequestResult {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(url, "url");
    }
}
