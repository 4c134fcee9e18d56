package dev.patchlane.contracts;

import java.time.Instant;

/**
 * A migration as kept in the compacted {@link Topics#MIGRATIONS} topic, keyed by its id.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param id the migration's id; its jobs' ids derive from it
 * @param manifest what was submitted
 * @param submittedAt when it was first accepted
 * @param cancelledAt when it was cancelled, or null
 */
public record Migration(int schemaVersion, String id, MigrationManifest manifest, Instant submittedAt, Instant cancelledAt) {

    public static final int SCHEMA_VERSION = 1;

    public boolean cancelled() {
        return cancelledAt != null;
    }
}
