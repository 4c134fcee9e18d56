package dev.patchlane.decoding;

import dev.patchlane.contracts.DecoderInfo;
import io.smallrye.mutiny.Multi;

/**
 * Streams generated text for a request. Cancelling the subscription stops the work upstream: the HTTP stream is closed,
 * the emulated slot freed.
 */
public interface Decoder {

    Multi<DecodeEvent> stream(DecodeRequest request);

    /** What this decoder is, for outcomes and status; {@code contentSource} describes the latest stream. */
    DecoderInfo describe();
}
