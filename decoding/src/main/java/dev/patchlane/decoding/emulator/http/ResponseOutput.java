package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.ToolCall;

/** The output items of a response as they form: at most one open assistant message, then finished items in order. */
final class ResponseOutput {

    private final ArrayNode items = WireJson.array();
    private String messageId;
    private final StringBuilder text = new StringBuilder();

    boolean messageOpen() {
        return messageId != null;
    }

    String messageId() {
        return messageId;
    }

    /** The output index the next item (or the open message) has. */
    int index() {
        return items.size();
    }

    String text() {
        return text.toString();
    }

    /** Opens a message and returns it as {@code response.output_item.added} shows it. */
    ObjectNode openMessage() {
        messageId = Ids.message();
        text.setLength(0);
        return message("in_progress", WireJson.array());
    }

    void append(String chunk) {
        text.append(chunk);
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = WireJson.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    /** Closes the open message with {@code status} and returns it complete. */
    ObjectNode closeMessage(String status) {
        ArrayNode content = WireJson.array();
        content.add(textPart(text.toString()));
        ObjectNode item = message(status, content);
        items.add(item);
        messageId = null;
        return item;
    }

    static ObjectNode functionCall(String itemId, ToolCall call, String status, String arguments) {
        return WireJson.object().put("id", itemId).put("type", "function_call").put("status", status)
                .put("call_id", call.id() == null ? itemId.replace("fc_", "call_") : call.id()).put("name", call.name())
                .put("arguments", arguments);
    }

    /** Adds a complete function call item and returns it. */
    ObjectNode addFunctionCall(String itemId, ToolCall call) {
        ObjectNode item = functionCall(itemId, call, "completed", call.arguments() == null ? "" : call.arguments());
        items.add(item);
        return item;
    }

    ArrayNode items() {
        return items;
    }

    private ObjectNode message(String status, ArrayNode content) {
        ObjectNode item = WireJson.object().put("id", messageId).put("type", "message").put("status", status).put("role", "assistant");
        item.set("content", content);
        return item;
    }
}
