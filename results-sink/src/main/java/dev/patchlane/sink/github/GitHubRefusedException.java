package dev.patchlane.sink.github;

/** GitHub refused the request as it stands (credentials, permissions, validation): sending it again cannot help. */
public class GitHubRefusedException extends GitHubApiException {

    private static final long serialVersionUID = 1L;

    public GitHubRefusedException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }
}
