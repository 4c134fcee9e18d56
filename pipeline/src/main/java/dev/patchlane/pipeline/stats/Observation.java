package dev.patchlane.pipeline.stats;

import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.VerificationVerdict;

/**
 * What one outcome adds to the statistics. A success is a verified patch or a valid structured result: a diff that only
 * applies, or a patch nothing checked, is not one.
 *
 * @param fast the fast lane ran it
 * @param success verified patch or structured result
 * @param escalated the attempt asked for the deep lane
 * @param tokens prompt plus completion tokens of this attempt
 * @param costUsd this attempt's estimated price
 * @param seconds this attempt's time, pick-up to outcome
 */
public record Observation(boolean fast, boolean success, boolean escalated, long tokens, double costUsd, double seconds) {

    public static Observation of(Outcome outcome) {
        boolean success = outcome.result() == OutcomeResult.RESULT_READY
                || outcome.result() == OutcomeResult.PATCH_READY && outcome.verification() != null
                        && outcome.verification().verdict() == VerificationVerdict.VERIFIED;
        long tokens = outcome.usage() == null ? 0 : outcome.usage().promptTokens() + outcome.usage().completionTokens();
        double seconds = outcome.timings() == null ? 0 : Math.max(0, outcome.timings().totalMs()) / 1000.0;
        return new Observation(outcome.lane() == Lane.FAST, success, outcome.escalate(), Math.max(0, tokens),
                Double.isFinite(outcome.costUsd()) ? Math.max(0, outcome.costUsd()) : 0, seconds);
    }

    LaneTally tally() {
        return new LaneTally(1, success ? 1 : 0, tokens, costUsd, seconds);
    }
}
