package dev.patchlane.contracts;

/** What a publisher did; every effect but {@link #CREATED} and {@link #UPDATED} changed nothing. */
public enum PublishEffect {
    /** The branch, pull request or file did not exist and now does. */
    CREATED,
    /** An earlier delivery already published exactly this; nothing was written. */
    ALREADY_PUBLISHED,
    /** The branch holds commits someone else added; the bot does not overwrite them. */
    LEFT_ALONE,
    /** A person closed the pull request unmerged; the bot does not reopen or recreate it. */
    CLOSED_BY_HUMAN,
    /** The pull request was already merged. */
    ALREADY_MERGED,
    /** The bot's branch moved on, by a compare-and-swap from the head it held to a new commit on top of it. */
    UPDATED
}
