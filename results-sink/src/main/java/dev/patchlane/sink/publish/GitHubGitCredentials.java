package dev.patchlane.sink.publish;

import dev.patchlane.sink.github.GitHubPullRequests;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Git over HTTPS to GitHub with the same token the API calls use (an installation token is fetched fresh when it nears
 * expiry); GitHub accepts any token as the password of the user {@code x-access-token}.
 */
final class GitHubGitCredentials extends CredentialsProvider {

    private final GitHubPullRequests github;

    GitHubGitCredentials(GitHubPullRequests github) {
        this.github = github;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username username) {
                username.setValue("x-access-token");
            } else if (item instanceof CredentialItem.Password password) {
                password.setValue(github.gitToken().toCharArray());
            } else {
                throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ": " + item.getPromptText());
            }
        }
        return true;
    }
}
