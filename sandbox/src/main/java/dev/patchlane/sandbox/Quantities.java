package dev.patchlane.sandbox;

import java.time.Duration;
import java.util.Locale;

/** Durations and byte counts as people read them in reports: "10 s", "4 MiB". */
final class Quantities {

    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private Quantities() {
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String bytes(long bytes) {
        for (long unit : new long[] {GIB, MIB, KIB}) {
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + " " + unitName(unit);
            }
        }
        for (long unit : new long[] {GIB, MIB, KIB}) {
            if (bytes >= unit) {
                return String.format(Locale.ROOT, "%.1f %s", (double) bytes / unit, unitName(unit));
            }
        }
        return bytes == 1 ? "1 byte" : bytes + " bytes";
    }

    private static String unitName(long unit) {
        return unit == GIB ? "GiB" : unit == MIB ? "MiB" : "KiB";
    }
}
