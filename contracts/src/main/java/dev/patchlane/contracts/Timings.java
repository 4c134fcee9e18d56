package dev.patchlane.contracts;

/**
 * Where the time of one attempt went.
 *
 * @param queueWaitMs from routing to the worker picking the job up
 * @param prepareMs materialising the repository and building the prompt
 * @param timeToFirstTokenMs from the decode request to the first token
 * @param decodeMs from the first token to the end of the stream
 * @param totalMs from pick-up to outcome
 */
public record Timings(long queueWaitMs, long prepareMs, long timeToFirstTokenMs, long decodeMs, long totalMs) {
}
