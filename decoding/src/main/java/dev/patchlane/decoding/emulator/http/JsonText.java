package dev.patchlane.decoding.emulator.http;

import io.vertx.core.buffer.Buffer;

/**
 * Writes a Java string as a quoted JSON string in UTF-8, straight into a buffer. A lone surrogate, which a decoder may
 * echo from a hostile prompt, becomes a {@code \}{@code uXXXX} escape instead of invalid UTF-8 or an exception.
 */
final class JsonText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonText() {
    }

    static Buffer quote(Buffer out, String text) {
        out.appendByte((byte) '"');
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                ascii(out, c);
            } else if (c < 0x800) {
                out.appendByte((byte) (0xC0 | c >> 6)).appendByte((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out.appendByte((byte) (0xF0 | cp >> 18)).appendByte((byte) (0x80 | cp >> 12 & 0x3F))
                        .appendByte((byte) (0x80 | cp >> 6 & 0x3F)).appendByte((byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(out, c);
            } else {
                out.appendByte((byte) (0xE0 | c >> 12)).appendByte((byte) (0x80 | c >> 6 & 0x3F)).appendByte((byte) (0x80 | c & 0x3F));
            }
        }
        return out.appendByte((byte) '"');
    }

    private static void ascii(Buffer out, char c) {
        switch (c) {
            case '"' -> out.appendByte((byte) '\\').appendByte((byte) '"');
            case '\\' -> out.appendByte((byte) '\\').appendByte((byte) '\\');
            case '\n' -> out.appendByte((byte) '\\').appendByte((byte) 'n');
            case '\r' -> out.appendByte((byte) '\\').appendByte((byte) 'r');
            case '\t' -> out.appendByte((byte) '\\').appendByte((byte) 't');
            default -> {
                if (c < 0x20 || c == 0x7F) {
                    unicodeEscape(out, c);
                } else {
                    out.appendByte((byte) c);
                }
            }
        }
    }

    private static void unicodeEscape(Buffer out, char c) {
        out.appendByte((byte) '\\').appendByte((byte) 'u')
                .appendByte(HEX[c >> 12 & 0xF]).appendByte(HEX[c >> 8 & 0xF]).appendByte(HEX[c >> 4 & 0xF]).appendByte(HEX[c & 0xF]);
    }
}
