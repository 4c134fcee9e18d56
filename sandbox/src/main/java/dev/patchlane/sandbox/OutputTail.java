package dev.patchlane.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Counts every output byte and keeps only the last few, so that no amount of output is buffered in memory. */
final class OutputTail {

    private final byte[] ring;
    private int start;
    private int size;
    private long total;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        total += length;
        if (length >= ring.length) {
            System.arraycopy(bytes, offset + length - ring.length, ring, 0, ring.length);
            start = 0;
            size = ring.length;
            return;
        }
        for (int i = 0; i < length; i++) {
            ring[(start + size) % ring.length] = bytes[offset + i];
            if (size < ring.length) {
                size++;
            } else {
                start = (start + 1) % ring.length;
            }
        }
    }

    synchronized long total() {
        return total;
    }

    synchronized String text() {
        byte[] kept = new byte[size];
        for (int i = 0; i < size; i++) {
            kept[i] = ring[(start + i) % ring.length];
        }
        int from = 0;
        // a tail cut from a longer output may begin inside a character: drop its continuation bytes
        while (total > size && from < Math.min(3, kept.length) && (kept[from] & 0xC0) == 0x80) {
            from++;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(kept, from, kept.length - from))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }
}
