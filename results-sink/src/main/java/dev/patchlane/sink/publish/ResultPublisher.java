package dev.patchlane.sink.publish;

import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.sink.prepare.PreparedResult;

/**
 * One way of publishing a structured-output job's document. As with {@link Publisher}, every implementation looks for
 * its own earlier effect before making one, so a redelivered outcome never writes a second file or comment.
 */
public interface ResultPublisher {

    PublicationTarget publish(PreparedResult result);
}
