package dev.patchlane.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of the job intake. */
@ConfigMapping(prefix = "patchlane.ingest")
public interface IngestConfig {

    /** The largest {@code POST /jobs} body accepted, in bytes; larger bodies get 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** The largest migration manifest accepted, in bytes; larger ones get 413 (below Kafka's 1 MiB record default). */
    @WithDefault("524288")
    int maxManifestBytes();

    /** How long a submission waits, right after a start, for the status view to hold every earlier job (de-duplication). */
    @WithDefault("30s")
    Duration statusReplayWait();
}
