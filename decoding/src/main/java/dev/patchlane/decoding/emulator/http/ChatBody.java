package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** One {@code chat.completion} object, written when the decoder finishes. */
final class ChatBody implements WireFormat {

    private final String model;
    private final long created = System.currentTimeMillis() / 1000;
    private final StringBuilder text = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();

    ChatBody(String model) {
        this.model = model;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public void text(String chunk, Buffer out) {
        text.append(chunk);
    }

    @Override
    public void toolCall(ToolCall call, Buffer out) {
        toolCalls.add(call);
    }

    @Override
    public void finish(DecodeEvent.Finished finished, Buffer out) {
        ObjectNode completion = WireJson.object().put("id", Ids.chatCompletion()).put("object", "chat.completion")
                .put("created", created).put("model", model).put("system_fingerprint", EmulatorLabel.fingerprint(finished));
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant")
                .put("content", text.isEmpty() && !toolCalls.isEmpty() ? null : text.toString());
        message.putNull("refusal");
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : toolCalls) {
                ObjectNode node = calls.addObject().put("id", call.id() == null ? Ids.call() : call.id()).put("type", "function");
                node.putObject("function").put("name", call.name()).put("arguments", call.arguments() == null ? "" : call.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", WireFormat.finishReason(finished));
        Usage usage = finished.usage() == null ? Usage.NONE : finished.usage();
        completion.putObject("usage").put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.promptTokens() + usage.completionTokens());
        out.appendBytes(WireJson.bytes(completion));
    }
}
