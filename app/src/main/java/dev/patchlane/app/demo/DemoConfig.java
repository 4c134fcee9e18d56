package dev.patchlane.app.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What {@code patchlane demo} hands to the running demo. */
@ConfigMapping(prefix = "patchlane.demo")
public interface DemoConfig {

    /** The prepared job requests, a JSON array; {@code patchlane demo} sets it. */
    Optional<Path> jobsFile();

    /**
     * The batch is submitted in this many waves (every n-th job in one), each after the previous one ended, so that the
     * later waves are routed from the earlier ones' outcomes.
     */
    @WithDefault("2")
    int waves();

    /** How long to wait for every job to become terminal. */
    @WithDefault("600s")
    Duration timeout();

    /** Print the dashboard's URL before the batch and keep serving after it until the process is stopped ({@code --dashboard}). */
    @WithDefault("false")
    boolean dashboard();
}
