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
 * {@code POST /responses} with {@code stream: true}: typed events ({@code response.output_text.delta},
 * {@code response.output_item.added/done}, {@code response.function_call_arguments.delta/done}) ending with
 * {@code response.completed}, {@code response.incomplete} or {@code response.failed}; there is no {@code [DONE]}.
 */
final class ResponsesFormat implements WireFormat {

    private final OpenAiEndpoint endpoint;
    private final Failures failures;

    ResponsesFormat(OpenAiEndpoint endpoint, Failures failures) {
        this.endpoint = endpoint;
        this.failures = failures;
    }

    @Override
    public ObjectNode body(DecodeRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", endpoint.model());
        ArrayNode input = body.putArray("input");
        for (ChatMessage message : request.messages()) {
            items(input, message);
        }
        body.put("max_output_tokens", request.maxOutputTokens());
        body.put("stream", true);
        // OpenAI keeps responses for later retrieval unless told not to; a pipeline never retrieves them
        body.put("store", false);
        if (request.outputSchema() != null) {
            ObjectNode format = body.putObject("text").putObject("format");
            format.put("type", "json_schema");
            format.put("name", WireJson.schemaName(request.outputSchema()));
            format.set("schema", request.outputSchema());
            format.put("strict", true);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                ToolJson.describe(tools.addObject().put("type", "function"), tool);
            }
        }
        return body;
    }

    /**
     * The input items of one message. With {@code store: false} nothing of an earlier response is kept on the server, so
     * an assistant turn goes back whole: its text as {@code {role: assistant, content}} (left out when empty), then each
     * call as {@code {type: function_call, call_id, name, arguments}}; a tool result is
     * {@code {type: function_call_output, call_id, output}}; anything else is {@code {role, content}}.
     */
    private static void items(ArrayNode input, ChatMessage message) {
        if (message.isToolResult()) {
            input.addObject().put("type", "function_call_output").put("call_id", message.toolCallId()).put("output", message.content());
            return;
        }
        boolean emptyAssistantText = message.role().equals("assistant") && message.content().isEmpty();
        if (!emptyAssistantText) {
            input.addObject().put("role", message.role()).put("content", message.content());
        }
        for (ToolCall call : message.toolCalls()) {
            input.addObject().put("type", "function_call").put("call_id", call.id()).put("name", call.name())
                    .put("arguments", call.arguments());
        }
    }

    @Override
    public EventReader reader(DecodeRequest request) {
        return new Reader(request);
    }

    private final class Reader implements EventReader {
        private final DecodeRequest request;
        private final StringBuilder text = new StringBuilder();
        private final Map<Integer, ToolCallParts> functionCalls = new TreeMap<>();
        private long argumentTokens;

        Reader(DecodeRequest request) {
            this.request = request;
        }

        @Override
        public boolean read(SseParser.SseEvent event, Consumer<DecodeEvent> out) {
            String data = event.data().strip();
            if (data.isEmpty() || data.equals("[DONE]")) {
                return false;
            }
            JsonNode node = WireJson.parse(data, failures);
            String type = node.path("type").asText(event.event());
            switch (type) {
                case "response.output_text.delta" -> {
                    String delta = node.path("delta").asText("");
                    if (!delta.isEmpty()) {
                        text.append(delta);
                        out.accept(new DecodeEvent.Chunk(delta, TokenCounter.count(delta)));
                    }
                }
                case "response.output_item.added" -> remember(node);
                case "response.function_call_arguments.delta" -> call(node).appendArguments(node.path("delta").asText(null));
                case "response.function_call_arguments.done" -> {
                    ToolCallParts parts = call(node);
                    parts.arguments(node.path("arguments").asText(null));
                    parts.name(node.path("name").asText(null));
                }
                case "response.output_item.done" -> {
                    if (remember(node)) {
                        emit(call(node), out);
                    }
                }
                case "response.completed" -> {
                    finish(node.path("response"), functionCalls.isEmpty() ? "stop" : "tool_calls", out);
                    return true;
                }
                case "response.incomplete" -> {
                    String reason = node.path("response").path("incomplete_details").path("reason").asText("incomplete");
                    finish(node.path("response"), reason.equals("max_output_tokens") ? "length" : reason, out);
                    return true;
                }
                case "response.failed" -> throw failures.forStreamError(ProviderError.from(node.path("response").path("error")));
                case "error" -> throw failures.forStreamError(ProviderError.from(node));
                default -> {
                    // lifecycle and part events (response.created, response.content_part.added …) carry nothing new
                }
            }
            return false;
        }

        @Override
        public void endOfBody(Consumer<DecodeEvent> out) {
            throw failures.streamCut("the stream ended before response.completed");
        }

        /** Records a function-call item; false when the item is something else, e.g. a message. */
        private boolean remember(JsonNode event) {
            JsonNode item = event.path("item");
            if (!item.path("type").asText("").equals("function_call")) {
                return false;
            }
            ToolCallParts parts = call(event);
            parts.id(item.path("call_id").asText(null));
            parts.name(item.path("name").asText(null));
            String arguments = item.path("arguments").asText("");
            if (!arguments.isEmpty()) {
                parts.arguments(arguments);
            }
            return true;
        }

        private ToolCallParts call(JsonNode event) {
            return functionCalls.computeIfAbsent(event.path("output_index").asInt(-1), i -> new ToolCallParts());
        }

        private void emit(ToolCallParts parts, Consumer<DecodeEvent> out) {
            ToolCall call = parts.takeCall();
            if (call != null) {
                argumentTokens += TokenCounter.count(call.arguments());
                out.accept(new DecodeEvent.ToolCalled(call));
            }
        }

        private void finish(JsonNode response, String finishReason, Consumer<DecodeEvent> out) {
            functionCalls.values().forEach(parts -> emit(parts, out));
            JsonNode reported = response.get("usage");
            Usage usage = reported != null && reported.isObject()
                    ? new Usage(WireJson.count(reported, "input_tokens"), WireJson.count(reported, "output_tokens"))
                    : new Usage(request.promptTokens(), TokenCounter.count(text.toString()) + argumentTokens);
            JsonNode mark = response.path("metadata").get(OpenAiDecoder.EMULATOR_MARK);
            out.accept(new DecodeEvent.Finished(usage, finishReason,
                    OpenAiDecoder.contentSource(mark != null && mark.isTextual() ? mark.asText() : null)));
        }
    }
}
