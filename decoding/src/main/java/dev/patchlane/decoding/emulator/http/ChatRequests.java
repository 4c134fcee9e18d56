package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code POST /v1/chat/completions} body into a decode request; an assistant message's {@code tool_calls} become
 * its calls, a {@code tool} message the result of the call its {@code tool_call_id} names.
 */
final class ChatRequests {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> MAY_OMIT_CONTENT = Set.of("assistant", "tool");

    private ChatRequests() {
    }

    static ApiRequest read(JsonNode body, int defaultMaxOutputTokens) {
        String model = Fields.requiredString(body, "model", "model");
        List<ChatMessage> messages = messages(body);
        int maxTokens = Fields.positiveInt(body, "max_completion_tokens")
                .orElseGet(() -> Fields.positiveInt(body, "max_tokens").orElse(defaultMaxOutputTokens));
        boolean stream = Fields.bool(body, "stream", "stream");
        JsonNode streamOptions = Fields.object(body, "stream_options", "stream_options");
        boolean includeUsage = streamOptions != null && Fields.bool(streamOptions, "include_usage", "stream_options.include_usage");
        JsonNode schema = null;
        JsonNode format = Fields.object(body, "response_format", "response_format");
        if (format != null) {
            String type = Fields.requiredString(format, "type", "response_format.type");
            schema = Fields.outputSchema(type, Fields.object(format, "json_schema", "response_format.json_schema"),
                    "response_format.json_schema");
        }
        DecodeRequest decode = new DecodeRequest(messages, maxTokens, schema, Fields.tools(body, true));
        return new ApiRequest(model, decode, stream, includeUsage, WireJson.object());
    }

    private static List<ChatMessage> messages(JsonNode body) {
        JsonNode array = Fields.array(body, "messages", "messages");
        if (array == null) {
            throw ApiError.invalid("Missing required parameter: 'messages'.", "messages").exception();
        }
        if (array.isEmpty()) {
            throw ApiError.invalid("'messages' must contain at least one message.", "messages").exception();
        }
        List<ChatMessage> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode message = array.get(i);
            if (!message.isObject()) {
                throw Fields.wrongType(param, "an object", message);
            }
            String role = Fields.requiredString(message, "role", param + ".role");
            if (!ROLES.contains(role)) {
                throw ApiError.invalid("Invalid '" + param + ".role': `" + Fields.shown(role) + "` is not one of " + ROLES + ".",
                        param + ".role").exception();
            }
            JsonNode content = Fields.get(message, "content");
            if (content == null && !MAY_OMIT_CONTENT.contains(role)) {
                throw missing(param + ".content");
            }
            String text = content == null ? "" : MessageContent.text(content, param + ".content", Set.of("text"));
            JsonNode calls = Fields.array(message, "tool_calls", param + ".tool_calls");
            if (calls != null && !role.equals("assistant")) {
                throw ApiError.invalid("Invalid '" + param + ".tool_calls': only assistant messages may have tool calls.",
                        param + ".tool_calls").exception();
            }
            messages.add(switch (role) {
                case "assistant" -> ChatMessage.assistant(text, calls == null ? List.of() : toolCalls(calls, param + ".tool_calls"));
                case "tool" -> ChatMessage.toolResult(Fields.requiredString(message, "tool_call_id", param + ".tool_call_id"), text);
                default -> new ChatMessage(role, text);
            });
        }
        return messages;
    }

    /** An assistant message's {@code tool_calls}: each {@code {id, type: function, function: {name, arguments}}}. */
    private static List<ToolCall> toolCalls(JsonNode array, String param) {
        if (array.isEmpty()) {
            throw ApiError.invalid("Invalid '" + param + "': expected an array with at least one tool call, got an empty array.", param)
                    .exception();
        }
        List<ToolCall> calls = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String callParam = param + "[" + i + "]";
            JsonNode call = array.get(i);
            if (!call.isObject()) {
                throw Fields.wrongType(callParam, "an object", call);
            }
            String id = Fields.requiredString(call, "id", callParam + ".id");
            String type = Fields.requiredString(call, "type", callParam + ".type");
            if (!type.equals("function")) {
                throw ApiError.invalid("Invalid '" + callParam + ".type': only function tool calls are supported, not `"
                        + Fields.shown(type) + "`.", callParam + ".type").exception();
            }
            JsonNode function = Fields.object(call, "function", callParam + ".function");
            if (function == null) {
                throw missing(callParam + ".function");
            }
            String name = Fields.requiredString(function, "name", callParam + ".function.name");
            String arguments = Fields.requiredString(function, "arguments", callParam + ".function.arguments");
            calls.add(new ToolCall(id, name, arguments));
        }
        return calls;
    }

    private static ApiError.ApiException missing(String param) {
        return ApiError.invalid("Missing required parameter: '" + param + "'.", param).exception();
    }
}
