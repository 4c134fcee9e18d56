package dev.patchlane.sink.github;

/** A GitHub call failed for a reason other than rate limiting; {@link #status()} is 0 when no HTTP answer came. */
public class GitHubApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public GitHubApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
