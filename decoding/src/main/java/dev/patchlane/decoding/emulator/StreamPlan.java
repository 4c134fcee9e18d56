package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.ToolCall;
import java.util.List;

/**
 * Everything a stream will do, decided before it takes a slot.
 *
 * @param promptTokens tokens of the prompt
 * @param text the reply text, pre-encoded
 * @param toolCalls function calls sent after the text when the stream finishes with {@code tool_calls}
 * @param toolTokens tokens of the calls' arguments, decoded after the text
 * @param end visible tokens decoded before the stream ends: it finishes there, or breaks there when {@code cut}
 * @param cut whether the stream breaks at {@code end} with {@code STREAM_CUT} instead of finishing
 * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
 * @param source the content source's label
 */
record StreamPlan(int promptTokens, TokenizedText text, List<ToolCall> toolCalls, int toolTokens, int end, boolean cut,
        String finishReason, String source) {

    StreamPlan {
        toolCalls = List.copyOf(toolCalls);
    }

    /** Visible tokens the reply would have if nothing stopped it. */
    int plannedTokens() {
        return text.tokens() + toolTokens;
    }
}
