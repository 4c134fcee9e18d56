package dev.patchlane.ingest.github.push;

/**
 * Where a base move goes once the delivery is verified: the watcher that finds patchlane's open pull requests on that
 * branch. Implemented where both the intake and GitHub's API are at hand (the app).
 */
public interface BaseMoves {

    /**
     * Takes the move in, coalesced with others of its branch; answers what was done in words.
     *
     * @throws IllegalStateException when the move cannot be taken now (the queue is full), so GitHub shows the delivery
     *     failed and it can be redelivered
     */
    String accept(BaseMove move);
}
