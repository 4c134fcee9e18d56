package dev.patchlane.decoding.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.ToolCall;
import dev.patchlane.decoding.ToolSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code POST /chat/completions} with {@code stream: true}: chunks of {@code choices[0].delta}, a final chunk with
 * {@code usage} (asked for with {@code stream_options.include_usage}), then {@code data: [DONE]}.
 */
final class ChatCompletionsFormat implements WireFormat {

    private final OpenAiEndpoint endpoint;
    private final Failures failures;

    ChatCompletionsFormat(OpenAiEndpoint endpoint, Failures failures) {
        this.endpoint = endpoint;
        this.failures = failures;
    }

    @Override
    public ObjectNode body(DecodeRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", endpoint.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            message(messages.addObject(), message);
        }
        body.put(endpoint.maxTokensField(), request.maxOutputTokens());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        if (request.outputSchema() != null) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            ObjectNode schema = format.putObject("json_schema");
            schema.put("name", WireJson.schemaName(request.outputSchema()));
            schema.set("schema", request.outputSchema());
            schema.put("strict", true);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                ToolJson.describe(tools.addObject().put("type", "function").putObject("function"), tool);
            }
        }
        return body;
    }

    /**
     * One message: a tool result as {@code {role: tool, tool_call_id, content}}; an assistant turn with calls as
     * {@code {role: assistant, content (null when empty), tool_calls: [{id, type: function, function: {name, arguments}}]}};
     * anything else as {@code {role, content}}.
     */
    private static void message(ObjectNode target, ChatMessage message) {
        target.put("role", message.role());
        if (message.isToolResult()) {
            target.put("tool_call_id", message.toolCallId());
            target.put("content", message.content());
            return;
        }
        if (message.toolCalls().isEmpty()) {
            target.put("content", message.content());
            return;
        }
        if (message.content().isEmpty()) {
            target.putNull("content");
        } else {
            target.put("content", message.content());
        }
        ArrayNode calls = target.putArray("tool_calls");
        for (ToolCall call : message.toolCalls()) {
            ObjectNode item = calls.addObject().put("id", call.id()).put("type", "function");
            item.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
    }

    @Override
    public EventReader reader(DecodeRequest request) {
        return new Reader(request);
    }

    private final class Reader implements EventReader {
        private final DecodeRequest request;
        private final StringBuilder text = new StringBuilder();
        private final Map<Integer, ToolCallParts> toolCalls = new TreeMap<>();
        private String finishReason;
        private String emulatorSource;
        private Usage usage;

        Reader(DecodeRequest request) {
            this.request = request;
        }

        @Override
        public boolean read(SseParser.SseEvent event, Consumer<DecodeEvent> out) {
            String data = event.data().strip();
            if (data.isEmpty()) {
                return false;
            }
            if (data.equals("[DONE]")) {
                finish(out);
                return true;
            }
            JsonNode chunk = WireJson.parse(data, failures);
            if (chunk.hasNonNull("error")) {
                throw failures.forStreamError(ProviderError.from(chunk));
            }
            JsonNode reportedUsage = chunk.get("usage");
            if (reportedUsage != null && reportedUsage.isObject()) {
                usage = new Usage(WireJson.count(reportedUsage, "prompt_tokens"), WireJson.count(reportedUsage, "completion_tokens"));
            }
            JsonNode fingerprint = chunk.get("system_fingerprint");
            if (fingerprint != null && fingerprint.isTextual() && fingerprint.asText().startsWith(OpenAiDecoder.EMULATOR_MARK + ":")) {
                emulatorSource = fingerprint.asText().substring(OpenAiDecoder.EMULATOR_MARK.length() + 1);
            }
            JsonNode choice = firstChoice(chunk.get("choices"));
            if (choice != null) {
                readDelta(choice.path("delta"), out);
                JsonNode reason = choice.get("finish_reason");
                if (reason != null && reason.isTextual()) {
                    finishReason = reason.asText();
                }
            }
            return false;
        }

        @Override
        public void endOfBody(Consumer<DecodeEvent> out) {
            if (finishReason == null) {
                throw failures.streamCut("the stream ended before its finish_reason and [DONE]");
            }
            finish(out);
        }

        private void readDelta(JsonNode delta, Consumer<DecodeEvent> out) {
            JsonNode content = delta.get("content");
            if (content != null && content.isTextual() && !content.asText().isEmpty()) {
                String piece = content.asText();
                text.append(piece);
                out.accept(new DecodeEvent.Chunk(piece, TokenCounter.count(piece)));
            }
            JsonNode calls = delta.get("tool_calls");
            if (calls != null && calls.isArray()) {
                for (JsonNode call : calls) {
                    ToolCallParts parts = toolCalls.computeIfAbsent(call.path("index").asInt(toolCalls.size()), i -> new ToolCallParts());
                    parts.id(call.path("id").asText(null));
                    parts.name(call.path("function").path("name").asText(null));
                    parts.appendArguments(call.path("function").path("arguments").asText(null));
                }
            }
        }

        private void finish(Consumer<DecodeEvent> out) {
            long argumentTokens = 0;
            for (ToolCallParts parts : toolCalls.values()) {
                ToolCall call = parts.takeCall();
                argumentTokens += TokenCounter.count(call.arguments());
                out.accept(new DecodeEvent.ToolCalled(call));
            }
            Usage counted = usage != null ? usage : new Usage(request.promptTokens(), TokenCounter.count(text.toString()) + argumentTokens);
            out.accept(new DecodeEvent.Finished(counted, finishReason != null ? finishReason : "stop",
                    OpenAiDecoder.contentSource(emulatorSource)));
        }
    }

    private static JsonNode firstChoice(JsonNode choices) {
        if (choices == null || !choices.isArray()) {
            return null;
        }
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) == 0) {
                return choice;
            }
        }
        return null;
    }
}
