package dev.patchlane.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;

/**
 * What one attempt at a job produced, before it becomes an outcome.
 *
 * @param result patch, document, no change, or failure
 * @param baseCommit the commit the base ref resolved to, or null
 * @param patch the checked diff, or for a failure the unusable output, or null
 * @param summary what was done, or why it failed
 * @param usage tokens
 * @param prepareMs materialising and prompting
 * @param timeToFirstTokenMs decoder latency (of the first turn, for the agent)
 * @param decodeMs decoder stream time (of every turn, for the agent)
 * @param decoder which decoder and content source
 * @param verification what the checks said, or null when there was nothing to check
 * @param agent the tool loop's trail, or null for a single-shot attempt
 * @param document the structured result, or null
 * @param overBudget whether it ended because the job's budget was spent: such a failure is not escalated
 */
public record Attempt(OutcomeResult result, String baseCommit, String patch, String summary, Usage usage, long prepareMs,
        long timeToFirstTokenMs, long decodeMs, DecoderInfo decoder, Verification verification, AgentRun agent, JsonNode document,
        boolean overBudget) {

    public Attempt(OutcomeResult result, String baseCommit, String patch, String summary, Usage usage, long prepareMs,
            long timeToFirstTokenMs, long decodeMs, DecoderInfo decoder, Verification verification, AgentRun agent, JsonNode document) {
        this(result, baseCommit, patch, summary, usage, prepareMs, timeToFirstTokenMs, decodeMs, decoder, verification, agent, document, false);
    }

    public Attempt(OutcomeResult result, String baseCommit, String patch, String summary, Usage usage, long prepareMs,
            long timeToFirstTokenMs, long decodeMs, DecoderInfo decoder) {
        this(result, baseCommit, patch, summary, usage, prepareMs, timeToFirstTokenMs, decodeMs, decoder, null, null, null);
    }

    public Attempt withVerification(OutcomeResult newResult, String newSummary, Verification newVerification) {
        return new Attempt(newResult, baseCommit, patch, newSummary, usage, prepareMs, timeToFirstTokenMs, decodeMs, decoder, newVerification,
                agent, document, overBudget);
    }

    /** This attempt ended FAILED because the job's budget was spent, with {@code reason} first in its summary. */
    public Attempt endedOverBudget(String reason) {
        String why = summary == null || summary.isBlank() ? reason : summary.startsWith(reason) ? summary : reason + "; " + summary;
        return new Attempt(OutcomeResult.FAILED, baseCommit, patch, why, usage, prepareMs, timeToFirstTokenMs, decodeMs, decoder, verification,
                agent, document, true);
    }
}
