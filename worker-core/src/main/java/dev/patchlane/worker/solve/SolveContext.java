package dev.patchlane.worker.solve;

import dev.patchlane.codebase.Snapshot;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.worker.LaneSettings;

/**
 * Everything one attempt works with.
 *
 * @param routed the job and how it got to this lane
 * @param snapshot the repository at the job's base ref
 * @param policy the repository's patch safety policy
 * @param decoder the lane's decoder
 * @param settings the lane's settings
 * @param startNanos when the attempt started, for its prepare time
 */
public record SolveContext(RoutedJob routed, Snapshot snapshot, SafetyPolicy policy, Decoder decoder, LaneSettings settings, long startNanos) {

    public Job job() {
        return routed.job();
    }

    public String previousFailure() {
        return routed.escalation() == null ? null : routed.escalation().failure();
    }
}
