package dev.patchlane.sink.prepare;

import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.Outcome;

/**
 * A patch that passed the safety policy and is committed in the mirror, ready for any publisher.
 *
 * @param outcome the attempt that produced it
 * @param base the snapshot the commit sits on
 * @param branch the bot's branch for the job, {@code patchlane/<kind>/<job id>}
 * @param commit the commit id; the same outcome always makes the same commit
 * @param mbox the commit as a {@code git am}-able message
 */
public record PreparedPatch(Outcome outcome, Snapshot base, String branch, String commit, String mbox) {
}
