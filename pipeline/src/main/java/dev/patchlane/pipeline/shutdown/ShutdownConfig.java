package dev.patchlane.pipeline.shutdown;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How a process stops on SIGTERM: how long its attempts in flight may finish, and which consumers stop fetching. */
@ConfigMapping(prefix = "patchlane.shutdown")
public interface ShutdownConfig {

    /**
     * How long attempts in flight may run on after the stop signal; what is still running then is handed back to Kafka
     * unacknowledged. Keep it below the pod's termination grace period, less about 10 s for the connectors to close.
     */
    @WithDefault("20s")
    Duration drainTimeout();

    /** Channels whose consumers are paused when the drain begins (those of roles this process does not play are skipped). */
    @WithDefault("jobs-fast,jobs-deep,outcomes-sink")
    List<String> pausedChannels();
}
