package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.ToolCall;
import io.vertx.core.buffer.Buffer;

/**
 * Responses API server-sent events, {@code event: <type>} and {@code data: {...}} each, numbered by
 * {@code sequence_number}: {@code response.created}, {@code response.in_progress}, then per output item its
 * {@code added}, deltas, {@code done} events, and last {@code response.completed} or {@code response.incomplete}.
 */
final class ResponsesStream implements WireFormat {

    private static final String TEXT_DELTA = "response.output_text.delta";

    private final ResponseObject response;
    private final ResponseOutput output = new ResponseOutput();
    private boolean started;
    private int sequence;

    ResponsesStream(String model, ObjectNode echo) {
        this.response = new ResponseObject(model, echo);
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public void text(String text, Buffer out) {
        start(out);
        if (!output.messageOpen()) {
            ObjectNode added = event("response.output_item.added").put("output_index", output.index());
            added.set("item", output.openMessage());
            write(out, added);
            ObjectNode part = event("response.content_part.added").put("item_id", output.messageId())
                    .put("output_index", output.index()).put("content_index", 0);
            part.set("part", ResponseOutput.textPart(""));
            write(out, part);
        }
        if (text.isEmpty()) {
            return;
        }
        output.append(text);
        // The hot path: one delta per decoder chunk, written without building a tree.
        out.appendString("event: " + TEXT_DELTA + "\ndata: {\"type\":\"" + TEXT_DELTA + "\",\"sequence_number\":" + sequence++
                + ",\"item_id\":\"" + output.messageId() + "\",\"output_index\":" + output.index() + ",\"content_index\":0,\"delta\":");
        JsonText.quote(out, text).appendString(",\"logprobs\":[]}\n\n");
    }

    @Override
    public void toolCall(ToolCall call, Buffer out) {
        start(out);
        closeMessage(out, "completed");
        String itemId = Ids.functionCall();
        int index = output.index();
        String arguments = call.arguments() == null ? "" : call.arguments();
        ObjectNode added = event("response.output_item.added").put("output_index", index);
        added.set("item", ResponseOutput.functionCall(itemId, call, "in_progress", ""));
        write(out, added);
        write(out, event("response.function_call_arguments.delta").put("item_id", itemId).put("output_index", index)
                .put("delta", arguments));
        write(out, event("response.function_call_arguments.done").put("item_id", itemId).put("output_index", index)
                .put("name", call.name()).put("arguments", arguments));
        ObjectNode done = event("response.output_item.done").put("output_index", index);
        done.set("item", output.addFunctionCall(itemId, call));
        write(out, done);
    }

    @Override
    public void finish(DecodeEvent.Finished finished, Buffer out) {
        start(out);
        boolean incomplete = ResponseObject.incompleteReason(finished) != null;
        closeMessage(out, incomplete ? "incomplete" : "completed");
        ObjectNode last = event(incomplete ? "response.incomplete" : "response.completed");
        last.set("response", response.finished(finished, output.items()));
        write(out, last);
    }

    private void start(Buffer out) {
        if (!started) {
            started = true;
            write(out, event("response.created").set("response", response.inProgress()));
            write(out, event("response.in_progress").set("response", response.inProgress()));
        }
    }

    private void closeMessage(Buffer out, String status) {
        if (!output.messageOpen()) {
            return;
        }
        String itemId = output.messageId();
        int index = output.index();
        String text = output.text();
        ObjectNode textDone = event("response.output_text.done").put("item_id", itemId).put("output_index", index)
                .put("content_index", 0).put("text", text);
        textDone.putArray("logprobs");
        write(out, textDone);
        ObjectNode partDone = event("response.content_part.done").put("item_id", itemId).put("output_index", index)
                .put("content_index", 0);
        partDone.set("part", ResponseOutput.textPart(text));
        write(out, partDone);
        ObjectNode itemDone = event("response.output_item.done").put("output_index", index);
        itemDone.set("item", output.closeMessage(status));
        write(out, itemDone);
    }

    private ObjectNode event(String type) {
        return WireJson.object().put("type", type).put("sequence_number", sequence++);
    }

    private static void write(Buffer out, ObjectNode event) {
        out.appendString("event: " + event.get("type").textValue() + "\ndata: ").appendBytes(WireJson.bytes(event)).appendString("\n\n");
    }
}
