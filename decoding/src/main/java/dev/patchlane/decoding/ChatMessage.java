package dev.patchlane.decoding;

import java.util.List;

/**
 * One message of a chat-style request: a system or user text, an assistant turn (text and/or function calls), or the
 * result of one function call.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; for a tool result, what the tool returned; may be empty for an assistant turn that only calls
 * @param toolCalls the function calls of an assistant turn; empty otherwise
 * @param toolCallId for a tool result, the id of the call it answers; null otherwise
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId) {

    public ChatMessage {
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ChatMessage(String role, String content) {
        this(role, content, List.of(), null);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content, List<ToolCall> calls) {
        return new ChatMessage("assistant", content, calls, null);
    }

    public static ChatMessage toolResult(String callId, String content) {
        return new ChatMessage("tool", content, List.of(), callId);
    }

    public boolean isToolResult() {
        return "tool".equals(role);
    }
}
