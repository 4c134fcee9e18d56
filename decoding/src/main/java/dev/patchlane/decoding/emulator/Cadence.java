package dev.patchlane.decoding.emulator;

/**
 * When one stream gets its regular deliveries: every {@code intervalNanos}, at its own {@code phaseNanos} into the
 * interval, so that streams with different phases are served at different instants instead of all at once.
 *
 * @param phaseNanos offset of the stream's deliveries within each interval, from 0 (inclusive) to the interval
 * @param intervalNanos time between two of its deliveries
 */
record Cadence(long phaseNanos, long intervalNanos) {

    Cadence {
        if (intervalNanos <= 0 || phaseNanos < 0 || phaseNanos >= intervalNanos) {
            throw new IllegalArgumentException("need 0 <= phase < interval, was " + phaseNanos + " and " + intervalNanos);
        }
    }

    /** The first delivery instant strictly after {@code now}. */
    long after(long now) {
        return now + intervalNanos - Math.floorMod(now - phaseNanos, intervalNanos);
    }
}
