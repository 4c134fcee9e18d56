package dev.patchlane.contracts;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param verification what the checks said about the patch, or null when the attempt produced none to check
 * @param agent the deep lane's tool loop: turns, budgets and every step; null for a single-shot attempt
 * @param document a structured-output job's JSON document, valid against the job's schema, when {@code result} is
 *     RESULT_READY
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
        Instant finishedAt,
        Verification verification,
        AgentRun agent,
        JsonNode document) {

    public static final int SCHEMA_VERSION = 2;

    /** An outcome with nothing verified, no agent trail and no document. */
    public Outcome(int schemaVersion, RoutedJob routed, Lane lane, String baseCommit, OutcomeResult result, String patch, String summary,
            boolean escalate, Usage usage, double costUsd, Timings timings, DecoderInfo decoder, List<Transition> history,
            Instant finishedAt) {
        this(schemaVersion, routed, lane, baseCommit, result, patch, summary, escalate, usage, costUsd, timings, decoder, history,
                finishedAt, null, null, null);
    }

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
