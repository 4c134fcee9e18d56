package dev.patchlane.ingest.dashboard;

import java.util.Arrays;
import java.util.Set;

/**
 * A routing statistics key level taken apart for a table (the key is untrusted text from the statistics topic).
 *
 * @param level 0 kind × repository × size × signals, 1 kind × repository, 2 kind, 3 all jobs
 * @param kind the job kind, or {@code any} at the all-jobs level
 * @param repository the repository, or empty above level 1
 * @param size {@code S}, {@code M} or {@code L}, or empty above level 0
 * @param signals {@code schema}, {@code security}, {@code schema+security} or {@code none}, or empty above level 0
 */
public record StatsKey(int level, String kind, String repository, String size, String signals) {

    public static final int LEVELS = 4;
    private static final Set<String> SIZES = Set.of("S", "M", "L");
    private static final Set<String> SIGNALS = Set.of("schema", "security", "schema+security", "none");

    /** The parts of a {@code RouteKey.levels()} entry; a repository may itself hold {@code |}, so size and signals are read from the end. */
    public static StatsKey of(String key) {
        if (key.equals("all")) {
            return new StatsKey(3, "any", "", "", "");
        }
        int bar = key.indexOf('|');
        if (bar < 0) {
            return new StatsKey(2, key, "", "", "");
        }
        String[] parts = key.split("\\|", -1);
        int n = parts.length;
        if (n >= 4 && SIZES.contains(parts[n - 2]) && SIGNALS.contains(parts[n - 1])) {
            return new StatsKey(0, parts[0], String.join("|", Arrays.copyOfRange(parts, 1, n - 2)), parts[n - 2], parts[n - 1]);
        }
        return new StatsKey(1, key.substring(0, bar), key.substring(bar + 1), "", "");
    }
}
