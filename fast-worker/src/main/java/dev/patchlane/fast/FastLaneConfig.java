package dev.patchlane.fast;

import dev.patchlane.worker.LaneSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The fast lane: a speed-first decoder (Codex-Spark class on wafer-scale hardware). */
@ConfigMapping(prefix = "patchlane.lane.fast")
public interface FastLaneConfig extends LaneSettings {

    @Override
    @WithDefault("emulator")
    String decoder();

    @Override
    @WithDefault("8192")
    int maxOutputTokens();

    @Override
    @WithDefault("60s")
    Duration timeout();

    @Override
    @WithDefault("400")
    int earlyAbortChars();
}
