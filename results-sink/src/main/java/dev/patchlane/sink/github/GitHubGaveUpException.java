package dev.patchlane.sink.github;

/** GitHub's rate limits outlasted {@link RateLimitPolicy}'s bound; the caller dead-letters the job. */
public class GitHubGaveUpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GitHubGaveUpException(String message) {
        super(message);
    }
}
