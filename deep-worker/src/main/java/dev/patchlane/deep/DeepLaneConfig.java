package dev.patchlane.deep;

import dev.patchlane.worker.LaneSettings;
import dev.patchlane.worker.agent.AgentSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The deep lane: a reasoning decoder (Codex class on GPUs) driven in a tool loop. */
@ConfigMapping(prefix = "patchlane.lane.deep")
public interface DeepLaneConfig extends LaneSettings {

    @Override
    @WithDefault("emulator")
    String decoder();

    @Override
    @WithDefault("16384")
    int maxOutputTokens();

    @Override
    @WithDefault("15m")
    Duration timeout();

    @Override
    @WithDefault("0")
    int earlyAbortChars();

    /** The tool loop's budgets. */
    AgentSettings agent();
}
