package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a {@code POST /v1/responses} body into a decode request; {@code instructions} become the first system message,
 * {@code function_call} items join the assistant message before them, {@code function_call_output} items become tool
 * results.
 */
final class ResponsesRequests {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text");

    private ResponsesRequests() {
    }

    static ApiRequest read(JsonNode body, int defaultMaxOutputTokens) {
        String model = Fields.requiredString(body, "model", "model");
        Optional<String> instructions = Fields.optionalString(body, "instructions", "instructions");
        List<ChatMessage> messages = new ArrayList<>();
        instructions.ifPresent(text -> messages.add(ChatMessage.system(text)));
        messages.addAll(input(body));
        OptionalInt maxTokens = Fields.positiveInt(body, "max_output_tokens");
        boolean stream = Fields.bool(body, "stream", "stream");
        JsonNode text = Fields.object(body, "text", "text");
        JsonNode format = text == null ? null : Fields.object(text, "format", "text.format");
        JsonNode schema = null;
        if (format != null) {
            schema = Fields.outputSchema(Fields.requiredString(format, "type", "text.format.type"), format, "text.format");
        }
        DecodeRequest decode = new DecodeRequest(messages, maxTokens.orElse(defaultMaxOutputTokens), schema, Fields.tools(body, false));
        return new ApiRequest(model, decode, stream, false, echo(body, instructions, maxTokens, format));
    }

    /** What the response object repeats of the request. */
    private static ObjectNode echo(JsonNode body, Optional<String> instructions, OptionalInt maxTokens, JsonNode format) {
        ObjectNode echo = WireJson.object();
        echo.put("instructions", instructions.orElse(null));
        if (maxTokens.isPresent()) {
            echo.put("max_output_tokens", maxTokens.getAsInt());
        } else {
            echo.putNull("max_output_tokens");
        }
        echo.set("tools", body.has("tools") && body.get("tools").isArray() ? body.get("tools") : WireJson.array());
        echo.putObject("text").set("format", format == null ? WireJson.object().put("type", "text") : format);
        return echo;
    }

    private static List<ChatMessage> input(JsonNode body) {
        JsonNode input = Fields.get(body, "input");
        if (input == null) {
            throw ApiError.invalid("Missing required parameter: 'input'.", "input").exception();
        }
        if (input.isTextual()) {
            if (input.textValue().isEmpty()) {
                throw ApiError.invalid("'input' must not be empty.", "input").exception();
            }
            return List.of(ChatMessage.user(input.textValue()));
        }
        if (!input.isArray()) {
            throw Fields.wrongType("input", "a string or an array of input items", input);
        }
        if (input.isEmpty()) {
            throw ApiError.invalid("'input' must contain at least one item.", "input").exception();
        }
        Conversation conversation = new Conversation(input.size());
        for (int i = 0; i < input.size(); i++) {
            item(input.get(i), "input[" + i + "]", conversation);
        }
        return conversation.messages();
    }

    /** Adds one input item: a message, a function call of the assistant's turn, or a call's output. */
    private static void item(JsonNode item, String param, Conversation conversation) {
        if (!item.isObject()) {
            throw Fields.wrongType(param, "an object", item);
        }
        String type = Fields.optionalString(item, "type", param + ".type").orElse("message");
        switch (type) {
            case "message" -> {
                String role = Fields.requiredString(item, "role", param + ".role");
                if (!ROLES.contains(role)) {
                    throw ApiError.invalid("Invalid '" + param + ".role': `" + Fields.shown(role) + "` is not one of " + ROLES + ".",
                            param + ".role").exception();
                }
                JsonNode content = Fields.get(item, "content");
                if (content == null) {
                    throw missing(param + ".content");
                }
                conversation.message(role, MessageContent.text(content, param + ".content", TEXT_PARTS));
            }
            case "function_call" -> {
                String callId = Fields.requiredString(item, "call_id", param + ".call_id");
                String name = Fields.requiredString(item, "name", param + ".name");
                conversation.call(new ToolCall(callId, name, Fields.requiredString(item, "arguments", param + ".arguments")));
            }
            case "function_call_output" -> {
                String callId = Fields.requiredString(item, "call_id", param + ".call_id");
                JsonNode output = Fields.get(item, "output");
                if (output == null) {
                    throw missing(param + ".output");
                }
                conversation.add(ChatMessage.toolResult(callId, MessageContent.text(output, param + ".output", Set.of("input_text"))));
            }
            default -> throw ApiError.invalid("Input items of type `" + Fields.shown(type) + "` are not supported.", param + ".type")
                    .exception();
        }
    }

    private static ApiError.ApiException missing(String param) {
        return ApiError.invalid("Missing required parameter: '" + param + "'.", param).exception();
    }

    /**
     * The messages read so far. An assistant turn stays open while {@code function_call} items follow it, so its calls
     * join it; a call with no assistant message before it opens a turn with empty text. Linear in the number of items.
     */
    private static final class Conversation {
        private final List<ChatMessage> messages;
        private String openText;
        private List<ToolCall> openCalls;

        Conversation(int expected) {
            messages = new ArrayList<>(expected);
        }

        void message(String role, String text) {
            close();
            if (role.equals("assistant")) {
                openText = text;
                openCalls = new ArrayList<>();
            } else {
                messages.add(new ChatMessage(role, text));
            }
        }

        void call(ToolCall call) {
            if (openCalls == null) {
                openText = "";
                openCalls = new ArrayList<>();
            }
            openCalls.add(call);
        }

        void add(ChatMessage message) {
            close();
            messages.add(message);
        }

        List<ChatMessage> messages() {
            close();
            return messages;
        }

        private void close() {
            if (openCalls != null) {
                messages.add(ChatMessage.assistant(openText, openCalls));
                openText = null;
                openCalls = null;
            }
        }
    }
}
