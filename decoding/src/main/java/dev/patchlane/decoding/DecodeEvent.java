package dev.patchlane.decoding;

import dev.patchlane.contracts.Usage;

/**
 * What a decoder stream carries: chunks of text and tool calls, then one {@link Finished}. A {@link Restarted} says
 * everything before it is void: the stream broke and is being generated again from the start, never spliced.
 */
public sealed interface DecodeEvent permits DecodeEvent.Chunk, DecodeEvent.ToolCalled, DecodeEvent.Restarted, DecodeEvent.Finished {

    /**
     * Newly generated text.
     *
     * @param text the text
     * @param tokens how many tokens it encodes
     */
    record Chunk(String text, int tokens) implements DecodeEvent {
    }

    /**
     * A function call whose arguments are complete.
     *
     * @param call the call
     */
    record ToolCalled(ToolCall call) implements DecodeEvent {
    }

    /**
     * The stream failed after it had started and is being requested again; discard what came before.
     *
     * @param attempt the attempt about to start, 2 or more
     * @param reason why the previous attempt failed
     */
    record Restarted(int attempt, String reason) implements DecodeEvent {
    }

    /**
     * The end of the stream.
     *
     * @param usage prompt and completion tokens
     * @param finishReason {@code stop}, {@code length}, {@code tool_calls} or another provider reason
     * @param contentSource where the content came from, e.g. {@code model} or an emulator source
     */
    record Finished(Usage usage, String finishReason, String contentSource) implements DecodeEvent {
    }
}
