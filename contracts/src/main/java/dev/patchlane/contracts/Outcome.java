package dev.patchlane.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The result of one attempt, as written to {@link Topics#OUTCOMES}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param routed the routed job this attempt worked on
 * @param lane the lane that ran it
 * @param baseCommit the commit the base ref resolved to, which the patch applies to; null if it never resolved
 * @param result patch, no change, or failure
 * @param patch a unified diff that applies to the base ref, when {@code result} is PATCH_READY
 * @param summary what the decoder said it did, or why it failed
 * @param escalate true when the deep lane should try again (the cascade)
 * @param usage tokens of this attempt
 * @param costUsd this attempt's estimated price in US dollars, from the lane's configured price per million tokens
 * @param timings where this attempt's time went
 * @param decoder which decoder produced it
 * @param history the job's transitions up to and including this outcome
 * @param finishedAt when the attempt ended
 */
public record Outcome(
        int schemaVersion,
        RoutedJob routed,
        Lane lane,
        String baseCommit,
        OutcomeResult result,
        String patch,
        String summary,
        boolean escalate,
        Usage usage,
        double costUsd,
        Timings timings,
        DecoderInfo decoder,
        List<Transition> history,
        Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;

    public Outcome {
        history = List.copyOf(history);
    }

    public Job job() {
        return routed.job();
    }

    public Usage totalUsage() {
        return routed.usageSoFar().plus(usage);
    }
}
