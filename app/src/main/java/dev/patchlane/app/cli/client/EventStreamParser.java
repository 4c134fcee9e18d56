package dev.patchlane.app.cli.client;

import java.util.Optional;

/**
 * Reads a {@code text/event-stream} line by line as the HTML living standard describes it: fields up to a blank line make
 * an event, lines starting with a colon are comments, one space after a field's colon is dropped, unknown fields are
 * ignored. Lines must come without their line ending.
 */
public final class EventStreamParser {

    /** Longer events are refused rather than held: a status is a few kilobytes. */
    static final int MAX_EVENT_CHARS = 4 * 1024 * 1024;

    private String id;
    private String event;
    private StringBuilder data;
    private int comments;

    /** Takes one line; returns the event it completes, if it is the blank line ending one. */
    public Optional<ServerSentEvent> line(String line) {
        if (line.isEmpty()) {
            if (data == null) {
                event = null;
                return Optional.empty();
            }
            ServerSentEvent complete = new ServerSentEvent(id, event == null ? "message" : event, data.toString());
            id = null;
            event = null;
            data = null;
            return Optional.of(complete);
        }
        if (line.startsWith(":")) {
            comments++;
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value.indexOf('\0') >= 0 ? id : value;
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder();
                } else {
                    data.append('\n');
                }
                if (data.length() + value.length() > MAX_EVENT_CHARS) {
                    throw new IllegalStateException("an event of the stream is longer than " + MAX_EVENT_CHARS + " characters");
                }
                data.append(value);
            }
            default -> {
                // retry and unknown fields: nothing this client uses
            }
        }
        return Optional.empty();
    }

    /** How many comment lines (the server's keep-alives) have been read. */
    public int comments() {
        return comments;
    }
}
