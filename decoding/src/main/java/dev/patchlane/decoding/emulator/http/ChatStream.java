package dev.patchlane.decoding.emulator.http;

import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code chat.completion.chunk} events, {@code data: {...}} each: a first chunk with the role, one per text delta or
 * tool call, a last one with the {@code finish_reason}, the usage chunk when asked for, then {@code data: [DONE]}.
 * A text delta is the hot path: it is written from pre-encoded bytes, without building a JSON tree.
 */
final class ChatStream implements WireFormat {

    private static final byte[] ROLE = bytes("{\"role\":\"assistant\",\"content\":\"\"}");
    private static final byte[] CONTENT = bytes("{\"content\":");
    private static final byte[] CLOSE = bytes("}");
    private static final byte[] OPEN_TAIL = bytes(",\"logprobs\":null,\"finish_reason\":");
    private static final byte[] NULL = bytes("null");
    private static final byte[] END = bytes("}]}\n\n");
    private static final byte[] END_WITH_USAGE = bytes("}],\"usage\":null}\n\n");
    private static final byte[] DONE = bytes("data: [DONE]\n\n");

    private final byte[] head;
    private final byte[] usageHead;
    private final byte[] common;
    private final byte[] end;
    private final boolean includeUsage;
    private boolean started;
    private int toolCalls;

    ChatStream(String model, boolean includeUsage) {
        this.includeUsage = includeUsage;
        this.end = includeUsage ? END_WITH_USAGE : END;
        Buffer common = Buffer.buffer("{\"id\":\"" + Ids.chatCompletion() + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + System.currentTimeMillis() / 1000 + ",\"model\":");
        JsonText.quote(common, model);
        this.common = common.getBytes();
        this.head = Buffer.buffer("data: ").appendBuffer(common).appendString(",\"choices\":[{\"index\":0,\"delta\":").getBytes();
        this.usageHead = Buffer.buffer("data: ").appendBuffer(common).appendString(",\"choices\":[],\"usage\":").getBytes();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public void text(String text, Buffer out) {
        start(out);
        if (!text.isEmpty()) {
            JsonText.quote(out.appendBytes(head).appendBytes(CONTENT), text).appendBytes(CLOSE);
            tail(out, null);
        }
    }

    @Override
    public void toolCall(ToolCall call, Buffer out) {
        start(out);
        out.appendBytes(head).appendString("{\"tool_calls\":[{\"index\":" + toolCalls++ + ",\"id\":");
        JsonText.quote(out, call.id() == null ? Ids.call() : call.id()).appendString(",\"type\":\"function\",\"function\":{\"name\":");
        JsonText.quote(out, call.name()).appendString(",\"arguments\":");
        JsonText.quote(out, call.arguments() == null ? "" : call.arguments()).appendString("}}]}");
        tail(out, null);
    }

    @Override
    public void finish(DecodeEvent.Finished finished, Buffer out) {
        start(out);
        // The last chunk says the content is emulated, and where it came from; patchlane's client reports it so.
        out.appendString("data: ").appendBytes(common).appendString(",\"system_fingerprint\":");
        JsonText.quote(out, EmulatorLabel.fingerprint(finished)).appendString(",\"choices\":[{\"index\":0,\"delta\":{}");
        tail(out, WireFormat.finishReason(finished));
        if (includeUsage) {
            Usage usage = finished.usage() == null ? Usage.NONE : finished.usage();
            out.appendBytes(usageHead).appendString("{\"prompt_tokens\":" + usage.promptTokens() + ",\"completion_tokens\":"
                    + usage.completionTokens() + ",\"total_tokens\":" + (usage.promptTokens() + usage.completionTokens()) + "}}\n\n");
        }
        out.appendBytes(DONE);
    }

    private void start(Buffer out) {
        if (!started) {
            started = true;
            out.appendBytes(head).appendBytes(ROLE);
            tail(out, null);
        }
    }

    private void tail(Buffer out, String finishReason) {
        out.appendBytes(OPEN_TAIL);
        if (finishReason == null) {
            out.appendBytes(NULL);
        } else {
            JsonText.quote(out, finishReason);
        }
        out.appendBytes(end);
    }
}
