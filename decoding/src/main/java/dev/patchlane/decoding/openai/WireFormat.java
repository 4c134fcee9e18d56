package dev.patchlane.decoding.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import java.util.function.Consumer;

/** One OpenAI wire API: the JSON a request is sent as, and how its event stream reads back as decode events. */
interface WireFormat {

    ObjectNode body(DecodeRequest request);

    EventReader reader(DecodeRequest request);

    /** The state of one streamed reply. Methods throw {@link dev.patchlane.decoding.DecoderException} when the reply fails. */
    interface EventReader {

        /** Handles one server-sent event; true when it was the reply's terminal event. */
        boolean read(SseParser.SseEvent event, Consumer<DecodeEvent> out);

        /** The body ended without a terminal event: finishes when the reply is complete anyway, else throws. */
        void endOfBody(Consumer<DecodeEvent> out);
    }
}
