package dev.patchlane.pipeline.stats;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The routing statistics view: every router and ingest process reads the statistics topic into memory. */
@ConfigMapping(prefix = "patchlane.routing-stats")
public interface RoutingStatsConfig {

    /** Read the statistics topic in router and ingest processes; off, routing uses the rules alone. */
    @WithDefault("true")
    boolean enabled();

    /** How long routing waits at start for the replay before deciding by the rules alone (and saying so). */
    @WithDefault("30s")
    Duration replayTimeout();
}
