package dev.patchlane.sink.publish;

import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.sink.prepare.PreparedPatch;

/**
 * One way of publishing a prepared patch. Every implementation looks for its own earlier effect before making one, so
 * a redelivered or concurrently delivered outcome never makes a second branch, commit, pull request or file.
 */
public interface Publisher {

    PublicationTarget publish(PreparedPatch patch);
}
