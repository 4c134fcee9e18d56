package dev.patchlane.decoding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a decoder is asked to generate.
 *
 * @param messages the conversation, system message first
 * @param maxOutputTokens the most tokens the decoder may produce
 * @param outputSchema a JSON Schema the output must satisfy ({@code json_schema} structured output), or null
 * @param tools functions the decoder may call; empty for none
 */
public record DecodeRequest(List<ChatMessage> messages, int maxOutputTokens, JsonNode outputSchema, List<ToolSpec> tools) {

    public DecodeRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public DecodeRequest(List<ChatMessage> messages, int maxOutputTokens, JsonNode outputSchema) {
        this(messages, maxOutputTokens, outputSchema, List.of());
    }

    /** Tokens of all message contents and earlier function calls' arguments, {@code o200k_base}. */
    public int promptTokens() {
        return messages.stream()
                .mapToInt(m -> TokenCounter.count(m.content()) + m.toolCalls().stream().mapToInt(c -> TokenCounter.count(c.arguments())).sum())
                .sum();
    }

    /** The text of the first user message: the task, in a multi-turn conversation. */
    public String firstUserMessage() {
        return messages.stream().filter(m -> m.role().equals("user")).map(ChatMessage::content).findFirst().orElse("");
    }

    /** The text of the last user message. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
