package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.ToolCall;
import java.util.List;

/**
 * What the emulator will say.
 *
 * @param reply the whole reply text
 * @param source the label of the source that produced it, e.g. {@code fixer:lint}
 * @param toolCalls function calls to make after the text; empty for none
 */
public record Content(String reply, String source, List<ToolCall> toolCalls) {

    public Content {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public Content(String reply, String source) {
        this(reply, source, List.of());
    }
}
