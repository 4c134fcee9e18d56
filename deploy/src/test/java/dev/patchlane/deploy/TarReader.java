package dev.patchlane.deploy;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Streams the entries of a tar archive (ustar, with PAX and GNU long names): enough to read an image tarball. */
final class TarReader {

    private static final int BLOCK = 512;

    /** Sees one entry; {@code content} ends at the entry's end and need not be read through. */
    interface Visitor {
        void entry(String name, char type, long size, InputStream content) throws IOException;
    }

    private TarReader() {
    }

    static void read(InputStream in, Visitor visitor) throws IOException {
        String longName = null;
        byte[] header = new byte[BLOCK];
        while (true) {
            if (!fill(in, header)) {
                return;
            }
            if (isZero(header)) {
                return;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = octal(header, 124, 12);
            char type = header[156] == 0 ? '0' : (char) header[156];
            Bounded content = new Bounded(in, size);
            if (type == 'x' || type == 'L') {
                String data = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                longName = type == 'L' ? data.replace("\0", "") : paxPath(data);
            } else if (type != 'g') {
                visitor.entry(longName != null ? longName : name, type, size, content);
                longName = null;
            }
            content.skipRest();
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            discard(in, padding);
        }
    }

    /** Reads rather than skips, so that a digest computed over the stream sees every byte. */
    private static void discard(InputStream in, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("truncated tar entry");
            }
            left -= read;
        }
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static boolean fill(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, block.length);
        if (read == 0) {
            return false;
        }
        if (read < block.length) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        if (digits.isEmpty()) {
            return 0;
        }
        long size = Long.parseLong(digits, 8);
        if (size < 0) {
            throw new IllegalStateException("negative tar entry size");
        }
        return size;
    }

    /** The entry's bytes and no more. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long size) {
            super(in);
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }

        void skipRest() throws IOException {
            discard(in, left);
            left = 0;
        }
    }
}
