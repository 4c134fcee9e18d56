package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.ToolCall;
import io.vertx.core.buffer.Buffer;

/** One {@code response} object, written when the decoder finishes. */
final class ResponsesBody implements WireFormat {

    private final ResponseObject response;
    private final ResponseOutput output = new ResponseOutput();

    ResponsesBody(String model, ObjectNode echo) {
        this.response = new ResponseObject(model, echo);
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public void text(String text, Buffer out) {
        if (!output.messageOpen()) {
            output.openMessage();
        }
        output.append(text);
    }

    @Override
    public void toolCall(ToolCall call, Buffer out) {
        if (output.messageOpen()) {
            output.closeMessage("completed");
        }
        output.addFunctionCall(Ids.functionCall(), call);
    }

    @Override
    public void finish(DecodeEvent.Finished finished, Buffer out) {
        if (output.messageOpen()) {
            output.closeMessage(ResponseObject.incompleteReason(finished) == null ? "completed" : "incomplete");
        }
        out.appendBytes(WireJson.bytes(response.finished(finished, output.items())));
    }
}
