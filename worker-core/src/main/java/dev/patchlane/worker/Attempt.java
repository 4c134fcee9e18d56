package dev.patchlane.worker;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Usage;

/**
 * What one attempt at a job produced, before it becomes an outcome.
 *
 * @param result patch, no change, or failure
 * @param baseCommit the commit the base ref resolved to, or null
 * @param patch the checked diff, or for a failure the unusable output, or null
 * @param summary what was done, or why it failed
 * @param usage tokens
 * @param prepareMs materialising and prompting
 * @param timeToFirstTokenMs decoder latency
 * @param decodeMs decoder stream time
 * @param decoder which decoder and content source
 */
record Attempt(OutcomeResult result, String baseCommit, String patch, String summary, Usage usage, long prepareMs,
        long timeToFirstTokenMs, long decodeMs, DecoderInfo decoder) {
}
