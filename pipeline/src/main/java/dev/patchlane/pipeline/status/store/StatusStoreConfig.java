package dev.patchlane.pipeline.status.store;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the status view keeps its store, how much native memory the store may use, and how long ended jobs are kept. */
@ConfigMapping(prefix = "patchlane.status")
public interface StatusStoreConfig {

    /**
     * The store's directory, locked by one process at a time and emptied at start-up and shutdown; by default a fresh
     * {@code patchlane-status/<uuid>} under java.io.tmpdir, where the directories of processes that died are removed.
     */
    Optional<Path> storeDir();

    /** How long a job in a terminal state is kept after its last update before the sweep deletes it from the status topic. */
    @WithDefault("30d")
    Duration retention();

    /** How often a process whose view is active looks for jobs past their retention. */
    @WithDefault("1h")
    Duration sweepInterval();

    /** The store's block cache (native memory, shared by its column families). */
    @WithDefault("8M")
    MemorySize blockCache();

    /** The store's memtables together (native memory, charged to the block cache). */
    @WithDefault("8M")
    MemorySize writeBuffer();
}
