package dev.patchlane.decoding.emulator.http;

import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.ToolCall;
import io.vertx.core.buffer.Buffer;

/** Renders one decoder stream in one API's wire shape, appending what to send to {@code out}. Event loop only. */
interface WireFormat {

    /** Server-sent events, written as they come; otherwise one body written at the finish. */
    boolean streaming();

    void text(String text, Buffer out);

    void toolCall(ToolCall call, Buffer out);

    void finish(DecodeEvent.Finished finished, Buffer out);

    static String finishReason(DecodeEvent.Finished finished) {
        return finished.finishReason() == null ? "stop" : finished.finishReason();
    }
}
