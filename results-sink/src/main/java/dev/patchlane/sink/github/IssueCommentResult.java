package dev.patchlane.sink.github;

import java.util.Objects;

/**
 * The comment {@link GitHubPullRequests#ensureComment} found or posted.
 *
 * @param created true when this call's comment is the one that stays
 * @param id the comment's id
 * @param url its html page
 * @param detail what happened, in words, when it was not simply found or posted; may be null
 */
public record IssueCommentResult(boolean created, long id, String url, String detail) {

    public IssueCommentResult {
        Objects.requireNonNull(url, "url");
    }
}
