package dev.patchlane.pipeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings every stage shares. */
@ConfigMapping(prefix = "patchlane")
public interface PatchlaneConfig {

    /** Where the embedded broker, the git cache and patch files live. */
    @WithDefault(".patchlane")
    Path dataDir();

    /** Comma-separated roles this process plays ({@code ingest,router,fast-worker,deep-worker,sink,emulator}), or {@code all}: every stage but the emulator. */
    @WithDefault("all")
    String roles();

    /** How long a repository mirror is trusted before a job fetches it again. */
    @WithDefault("5s")
    Duration gitRefreshInterval();

    default Path gitCacheDir() {
        return dataDir().resolve("git-cache");
    }

    default Path patchDir() {
        return dataDir().resolve("patches");
    }
}
