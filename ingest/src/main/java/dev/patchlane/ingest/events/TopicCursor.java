package dev.patchlane.ingest.events;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A position in the status topic: for each partition, the offset of the next record a stream has not yet considered.
 * Written {@code o<offset of partition 0>.<offset of partition 1>...}; partitions a cursor does not name start at their
 * beginning, so {@code o0} replays every job's current status.
 */
public final class TopicCursor {

    static final String PREFIX = "o";
    /** Enough for 1024 partitions with 19-digit offsets; longer is refused before any parsing. */
    static final int MAX_CHARS = 21 * 1024;
    private static final Pattern SHAPE = Pattern.compile("o\\d{1,19}(\\.\\d{1,19}){0,1023}");

    private final long[] next;

    private TopicCursor(long[] next) {
        this.next = next;
    }

    /** The position {@code next} (copied), one offset per partition. */
    public static TopicCursor of(long[] next) {
        return new TopicCursor(next.clone());
    }

    /**
     * Reads a cursor this server wrote, checking it against {@code position}, what the view has read of each partition:
     * throws {@link BadCursorException} for anything else, or for a cursor ahead of the topic.
     */
    public static TopicCursor parse(String text, long[] position) {
        if (text.length() > MAX_CHARS) {
            throw new BadCursorException("the event cursor is " + text.length() + " characters long, more than any this server writes");
        }
        if (!SHAPE.matcher(text).matches()) {
            throw new BadCursorException("the event cursor " + BadCursorException.shown(text)
                    + " is not one of /events' (o<offset>.<offset>..., one non-negative offset per partition of the status topic)");
        }
        String[] parts = text.substring(PREFIX.length()).split("\\.");
        if (parts.length > position.length) {
            throw new BadCursorException("the event cursor names " + parts.length + " partitions; the status topic has " + position.length);
        }
        long[] next = new long[position.length];
        for (int partition = 0; partition < parts.length; partition++) {
            long offset;
            try {
                offset = Long.parseLong(parts[partition]);
            } catch (NumberFormatException e) {
                throw new BadCursorException("the event cursor's offset for partition " + partition + " is out of range");
            }
            if (offset > position[partition]) {
                throw new BadCursorException("the event cursor is ahead of the status topic: partition " + partition + " offset " + offset
                        + ", and the topic ends at " + position[partition]);
            }
            next[partition] = offset;
        }
        return new TopicCursor(next);
    }

    public int partitions() {
        return next.length;
    }

    public long next(int partition) {
        return partition < next.length ? next[partition] : 0;
    }

    /** A copy of the offsets, one per partition. */
    public long[] offsets() {
        return next.clone();
    }

    /** The cursor after the record at {@code offset} of {@code partition}. */
    public TopicCursor after(int partition, long offset) {
        long[] moved = Arrays.copyOf(next, Math.max(next.length, partition + 1));
        moved[partition] = Math.max(moved[partition], offset + 1);
        return new TopicCursor(moved);
    }

    public String text() {
        StringBuilder text = new StringBuilder(PREFIX);
        for (int partition = 0; partition < next.length; partition++) {
            if (partition > 0) {
                text.append('.');
            }
            text.append(next[partition]);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
