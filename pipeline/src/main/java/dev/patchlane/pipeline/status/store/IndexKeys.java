package dev.patchlane.pipeline.status.store;

import dev.patchlane.contracts.JobState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Keys of the by-update index: {@code group 0x00 order jobId}, where group is a state's name (or {@code *} for every
 * job) and order is 8 bytes that sort, bytewise, the most recently updated first.
 */
final class IndexKeys {

    private static final byte[] ALL = "*".getBytes(StandardCharsets.US_ASCII);
    private static final byte SEPARATOR = 0;
    private static final int ORDER_BYTES = Long.BYTES;

    private IndexKeys() {
    }

    static byte[] key(JobState state, Instant updatedAt, String jobId) {
        return key(group(state), updatedAt, jobId);
    }

    static byte[] keyInAll(Instant updatedAt, String jobId) {
        return key(ALL, updatedAt, jobId);
    }

    /** The first key of a group: {@code state} or, when null, every job. */
    static byte[] start(JobState state) {
        byte[] group = group(state);
        return Arrays.copyOf(group, group.length + 1);
    }

    /** The first key past a group, an exclusive upper bound for an iterator. */
    static byte[] end(JobState state) {
        byte[] end = start(state);
        end[end.length - 1] = SEPARATOR + 1;
        return end;
    }

    /** The first key of a group's jobs updated strictly before {@code cutoff}. */
    static byte[] startBefore(JobState state, Instant cutoff) {
        byte[] group = group(state);
        return ByteBuffer.allocate(group.length + 1 + ORDER_BYTES).put(group).put(SEPARATOR).putLong(order(nanos(cutoff) - 1)).array();
    }

    static String jobId(byte[] key) {
        int from = groupEnd(key) + 1 + ORDER_BYTES;
        return new String(key, from, key.length - from, StandardCharsets.UTF_8);
    }

    private static byte[] key(byte[] group, Instant updatedAt, String jobId) {
        byte[] id = jobId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(group.length + 1 + ORDER_BYTES + id.length)
                .put(group).put(SEPARATOR).putLong(order(nanos(updatedAt))).put(id).array();
    }

    private static byte[] group(JobState state) {
        return state == null ? ALL : state.name().getBytes(StandardCharsets.US_ASCII);
    }

    private static int groupEnd(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == SEPARATOR) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an index key: no separator");
    }

    // Flipping the sign bit makes signed order unsigned (bytewise); inverting every bit makes it descending.
    private static long order(long nanos) {
        return ~(nanos ^ Long.MIN_VALUE);
    }

    // Saturates outside the years 1677-2262, where nanoseconds since the epoch overflow a long.
    private static long nanos(Instant at) {
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (ArithmeticException e) {
            return at.getEpochSecond() < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
    }
}
