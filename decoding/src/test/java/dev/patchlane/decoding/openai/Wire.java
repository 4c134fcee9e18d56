package dev.patchlane.decoding.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Json;
import java.util.ArrayList;
import java.util.List;

/** Server-sent events shaped as OpenAI's published contract (openai/openai-openapi) describes them. */
public final class Wire {

    private Wire() {
    }

    public static String data(String json) {
        return "data: " + json + "\n\n";
    }

    public static String done() {
        return "data: [DONE]\n\n";
    }

    public static String event(String type, ObjectNode json) {
        json.put("type", type);
        return "event: " + type + "\ndata: " + write(json) + "\n\n";
    }

    /** A {@code chat.completion.chunk} whose only choice has this delta and finish reason. */
    public static String chatChunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = chunkEnvelope();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        chunk.putNull("usage");
        return data(write(chunk));
    }

    public static String role() {
        return chatChunk(object().put("role", "assistant").put("content", ""), null);
    }

    public static String content(String text) {
        return chatChunk(object().put("content", text), null);
    }

    public static String finish(String reason) {
        return chatChunk(object(), reason);
    }

    /** The last chunk of a stream with {@code stream_options.include_usage}: no choices, the usage of the whole request. */
    public static String usage(int promptTokens, int completionTokens) {
        ObjectNode chunk = chunkEnvelope();
        chunk.putArray("choices");
        chunk.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return data(write(chunk));
    }

    /** A {@code delta.tool_calls} fragment; id and name are omitted when null, as after a call's first chunk. */
    public static String toolCall(int index, String id, String name, String arguments) {
        ObjectNode call = object().put("index", index);
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        ObjectNode function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments);
        ObjectNode delta = object();
        delta.putArray("tool_calls").add(call);
        return chatChunk(delta, null);
    }

    /** A whole successful chat stream: the pieces, {@code stop}, usage and {@code [DONE]}. */
    public static String[] chatReply(int promptTokens, String... pieces) {
        List<String> blocks = new ArrayList<>();
        blocks.add(role());
        for (String piece : pieces) {
            blocks.add(content(piece));
        }
        blocks.add(finish("stop"));
        blocks.add(usage(promptTokens, pieces.length));
        blocks.add(done());
        return blocks.toArray(String[]::new);
    }

    public static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }

    public static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode chunkEnvelope() {
        return object().put("id", "chatcmpl-stub").put("object", "chat.completion.chunk").put("created", 1_700_000_000)
                .put("model", "stub-model");
    }

    private static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
