package dev.patchlane.decoding.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseParser.SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    @Test
    void dispatchesOnABlankLineJoiningDataLinesAndSkippingComments() {
        lines(": keep-alive", "event: response.output_text.delta", "data: {\"a\":", "data:1}", "id: 7", "retry: 100", "",
                "data: [DONE]", "");

        assertEquals(List.of(new SseParser.SseEvent("response.output_text.delta", "{\"a\":\n1}"),
                new SseParser.SseEvent("message", "[DONE]")), events);
    }

    @Test
    void removesOnlyOneSpaceAfterTheColonAndForgetsTheEventNameAfterDispatch() {
        lines("event: first", "data:  two spaces", "", "data: plain", "");

        assertEquals(List.of(new SseParser.SseEvent("first", " two spaces"), new SseParser.SseEvent("message", "plain")), events);
    }

    @Test
    void anEventWithoutDataIsNotDispatchedNorIsOneCutOffByTheEndOfTheBody() {
        lines("event: ping", "", "data: never finished");

        assertEquals(List.of(), events);
    }

    private void lines(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }
}
