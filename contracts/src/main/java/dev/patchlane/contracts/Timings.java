package dev.patchlane.contracts;

/**
 * Where the time of one attempt went.
 *
 * @param queueWaitMs from routing to the worker picking the job up
 * @param prepareMs materialising the repository and building the prompt
 * @param timeToFirstTokenMs from the decode request to the first token
 * @param decodeMs from the first token to the end of the stream
 * @param totalMs from pick-up to outcome
 * @param tokensPerSecond completion tokens over the decode time; 0 when nothing was decoded
 */
public record Timings(long queueWaitMs, long prepareMs, long timeToFirstTokenMs, long decodeMs, long totalMs, double tokensPerSecond) {

    /** Completion tokens per second of decode time, 0 when either is 0. */
    public static double tokensPerSecond(long completionTokens, long decodeMs) {
        return completionTokens <= 0 || decodeMs <= 0 ? 0 : completionTokens * 1000.0 / decodeMs;
    }
}
