package dev.patchlane.ingest.github.push;

import java.time.Instant;
import java.util.Objects;

/**
 * A branch of a GitHub repository moved: what a verified {@code push} delivery says, checked and nothing more.
 *
 * @param deliveryId GitHub's {@code X-GitHub-Delivery}
 * @param repository the repository's {@code owner/name} as the payload names it
 * @param branch the branch that moved, without {@code refs/heads/}
 * @param before the branch's commit before the push (40 hex digits)
 * @param after the branch's commit after the push (40 hex digits)
 * @param forced whether the push rewrote the branch
 * @param receivedAt when patchlane received it
 */
public record BaseMove(String deliveryId, String repository, String branch, String before, String after, boolean forced,
        Instant receivedAt) {

    public BaseMove {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(after, "after");
    }
}
