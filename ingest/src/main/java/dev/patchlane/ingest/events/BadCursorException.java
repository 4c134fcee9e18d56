package dev.patchlane.ingest.events;

/** A {@code Last-Event-ID} this server did not write, or one ahead of what it holds: answered 400 with the message. */
public final class BadCursorException extends RuntimeException {

    private static final int SHOWN = 40;

    public BadCursorException(String message) {
        super(message);
    }

    /** The start of a client's cursor, quoted and stripped of anything unprintable, for an error message. */
    static String shown(String text) {
        String printable = text.codePoints().limit(SHOWN)
                .map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "'" + printable + (text.length() > SHOWN ? "...'" : "'");
    }
}
