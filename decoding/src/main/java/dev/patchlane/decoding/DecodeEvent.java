package dev.patchlane.decoding;

import dev.patchlane.contracts.Usage;

/** What a decoder stream carries: chunks of text, then one {@link Finished}. */
public sealed interface DecodeEvent permits DecodeEvent.Chunk, DecodeEvent.Finished {

    /**
     * Newly generated text.
     *
     * @param text the text
     * @param tokens how many tokens it encodes
     */
    record Chunk(String text, int tokens) implements DecodeEvent {
    }

    /**
     * The end of the stream.
     *
     * @param usage prompt and completion tokens
     * @param finishReason {@code stop}, {@code length} or another provider reason
     * @param contentSource where the content came from, e.g. {@code model} or an emulator source
     */
    record Finished(Usage usage, String finishReason, String contentSource) implements DecodeEvent {
    }
}
