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
 * @param fanOut how its fan-out ended, or null while it has not
 * @param tenant the tenant that submitted it; its jobs are that tenant's
 */
public record Migration(int schemaVersion, String id, MigrationManifest manifest, Instant submittedAt, Instant cancelledAt,
        FanOut fanOut, String tenant) {

    public static final int SCHEMA_VERSION = 1;

    public Migration(int schemaVersion, String id, MigrationManifest manifest, Instant submittedAt, Instant cancelledAt, FanOut fanOut) {
        this(schemaVersion, id, manifest, submittedAt, cancelledAt, fanOut, null);
    }

    public boolean cancelled() {
        return cancelledAt != null;
    }

    public boolean fannedOut() {
        return fanOut != null;
    }

    public Migration withCancelledAt(Instant at) {
        return new Migration(schemaVersion, id, manifest, submittedAt, at, fanOut, tenant);
    }

    public Migration withFanOut(FanOut result) {
        return new Migration(schemaVersion, id, manifest, submittedAt, cancelledAt, result, tenant);
    }

    /** Two records of one migration as one: a cancellation and a fan-out's end, once recorded, are kept. */
    public Migration mergedWith(Migration later) {
        return new Migration(schemaVersion, id, manifest, submittedAt, cancelledAt != null ? cancelledAt : later.cancelledAt,
                fanOut != null ? fanOut : later.fanOut, tenant != null ? tenant : later.tenant);
    }

    /**
     * How a fan-out ended.
     *
     * @param phase DONE, CANCELLED or FAILED
     * @param groupsPlanned file groups found
     * @param jobsSubmitted jobs this fan-out submitted
     * @param jobsAlreadyPresent jobs that existed already (a resubmission or a resumed fan-out)
     * @param problem why it failed or what it skipped, or null
     * @param endedAt when it ended
     */
    public record FanOut(String phase, long groupsPlanned, long jobsSubmitted, long jobsAlreadyPresent, String problem, Instant endedAt) {
    }
}
