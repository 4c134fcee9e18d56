package dev.patchlane.decoding;

import dev.patchlane.contracts.Usage;

/**
 * A collected decoder stream.
 *
 * @param text everything generated until the end or the abort
 * @param usage prompt and completion tokens
 * @param finishReason the provider's reason, or {@code aborted} when the caller stopped the stream
 * @param timeToFirstTokenMs from the request to the first chunk
 * @param decodeMs from the first chunk to the end
 * @param abortReason why the caller stopped the stream early, or null
 * @param contentSource where the content came from, or null when the stream was aborted
 */
public record DecodeResult(String text, Usage usage, String finishReason, long timeToFirstTokenMs, long decodeMs, String abortReason,
        String contentSource) {

    public boolean aborted() {
        return abortReason != null;
    }
}
