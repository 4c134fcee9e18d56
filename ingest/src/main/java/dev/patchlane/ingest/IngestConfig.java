package dev.patchlane.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the job intake. */
@ConfigMapping(prefix = "patchlane.ingest")
public interface IngestConfig {

    /** The largest {@code POST /jobs} body accepted, in bytes; larger bodies get 413. */
    @WithDefault("1048576")
    int maxBodyBytes();
}
