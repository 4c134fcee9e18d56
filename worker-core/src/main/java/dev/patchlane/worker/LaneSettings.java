package dev.patchlane.worker;

import java.time.Duration;

/** How one lane drives its decoder; each lane module declares these under its own prefix with its own defaults. */
public interface LaneSettings {

    /** The decoder implementation; {@code emulator} is the only one built so far. */
    String decoder();

    /** The model or hardware class the lane stands for, reported in every outcome. */
    String model();

    /** Emulator: delay before the first token. */
    Duration timeToFirstToken();

    /** Emulator: per-stream decode speed. */
    double tokensPerSecond();

    /** The most tokens one reply may have. */
    int maxOutputTokens();

    /** The longest one decode may take before it is cancelled. */
    Duration timeout();

    /** Cancel a stream that has produced this many characters without starting a diff or a NO_CHANGE line; 0 disables. */
    int earlyAbortChars();
}
