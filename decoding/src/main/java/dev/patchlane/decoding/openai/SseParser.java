package dev.patchlane.decoding.openai;

import java.util.function.Consumer;

/**
 * Server-sent events from lines (WHATWG HTML, "event stream interpretation"): {@code event:} names the event, {@code data:}
 * lines are joined with newlines, a line starting with {@code :} is a comment and a blank line dispatches the event.
 * An event still pending when the body ends is discarded, as the standard says.
 */
final class SseParser {

    /**
     * One dispatched event.
     *
     * @param event the {@code event:} name, or {@code message} when none was given
     * @param data the joined {@code data:} lines
     */
    record SseEvent(String event, String data) {
    }

    private final Consumer<SseEvent> sink;
    private final StringBuilder data = new StringBuilder();
    private String event;
    private boolean hasData;

    SseParser(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (data.length() + value.length() >= StreamExchange.MAX_LINE_CHARS) {
                // an event that never ends would grow without bound
                throw new IllegalStateException("an event of the stream is longer than " + StreamExchange.MAX_LINE_CHARS + " characters");
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if (field.equals("event")) {
            event = value;
        }
    }

    private void dispatch() {
        if (hasData) {
            String name = event == null || event.isEmpty() ? "message" : event;
            String payload = data.toString();
            data.setLength(0);
            hasData = false;
            event = null;
            sink.accept(new SseEvent(name, payload));
        } else {
            event = null;
        }
    }
}
