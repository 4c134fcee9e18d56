package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;

/** The Responses API's {@code response} object for one request, at any point of its life. */
final class ResponseObject {

    private final String id = Ids.response();
    private final long createdAt = System.currentTimeMillis() / 1000;
    private final String model;
    private final ObjectNode echo;

    ResponseObject(String model, ObjectNode echo) {
        this.model = model;
        this.echo = echo;
    }

    ObjectNode inProgress() {
        return build("in_progress", null, WireJson.array(), null);
    }

    /** {@code completed}, or {@code incomplete} with its reason when the output was cut at the token limit or filtered. */
    ObjectNode finished(DecodeEvent.Finished finished, ArrayNode output) {
        String reason = incompleteReason(finished);
        ObjectNode response = build(reason == null ? "completed" : "incomplete", reason, output,
                finished.usage() == null ? Usage.NONE : finished.usage());
        ((ObjectNode) response.get("metadata")).put(EmulatorLabel.MARK, EmulatorLabel.source(finished));
        return response;
    }

    static String incompleteReason(DecodeEvent.Finished finished) {
        return switch (WireFormat.finishReason(finished)) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
    }

    private ObjectNode build(String status, String incompleteReason, ArrayNode output, Usage usage) {
        ObjectNode response = WireJson.object().put("id", id).put("object", "response").put("created_at", createdAt)
                .put("status", status);
        response.putNull("error");
        if (incompleteReason == null) {
            response.putNull("incomplete_details");
        } else {
            response.putObject("incomplete_details").put("reason", incompleteReason);
        }
        response.set("instructions", echo.get("instructions"));
        response.set("max_output_tokens", echo.get("max_output_tokens"));
        response.put("model", model);
        response.set("output", output);
        response.put("parallel_tool_calls", true);
        response.putNull("previous_response_id");
        response.put("temperature", 1.0);
        response.set("text", echo.get("text"));
        response.put("tool_choice", "auto");
        response.set("tools", echo.get("tools"));
        response.put("top_p", 1.0);
        response.put("truncation", "disabled");
        if (usage == null) {
            response.putNull("usage");
        } else {
            ObjectNode node = response.putObject("usage").put("input_tokens", usage.promptTokens());
            node.putObject("input_tokens_details").put("cached_tokens", 0);
            node.put("output_tokens", usage.completionTokens());
            node.putObject("output_tokens_details").put("reasoning_tokens", 0);
            node.put("total_tokens", usage.promptTokens() + usage.completionTokens());
        }
        response.putObject("metadata");
        return response;
    }
}
