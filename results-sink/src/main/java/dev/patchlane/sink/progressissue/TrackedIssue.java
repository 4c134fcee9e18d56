package dev.patchlane.sink.progressissue;

import java.time.Duration;
import java.time.Instant;

/**
 * One progress issue's edit state: its number once found or created, the body last written, when it was last
 * attempted, and whether something changed since. Coalescing: changes only mark it; at most one edit per interval.
 */
final class TrackedIssue {

    final String migrationId;
    final IssuePlan.Issue plan;
    final boolean perRepository;
    volatile Integer number;
    volatile String lastBody;
    // when the last sync ended
    private volatile Instant lastAttempt;
    private volatile boolean dirty = true;

    TrackedIssue(String migrationId, IssuePlan.Issue plan, boolean perRepository) {
        this.migrationId = migrationId;
        this.plan = plan;
        this.perRepository = perRepository;
    }

    private volatile boolean abandoned;

    void touch() {
        dirty = true;
    }

    /** Never synced again by this owner. */
    void abandon() {
        abandoned = true;
    }

    /**
     * Whether a sync is due now, {@code interval} after the previous one ended (so two edits start at least that far
     * apart, however long the pacing held one); if so, takes the change (a change arriving meanwhile marks it again).
     */
    boolean takeDue(Instant now, Duration interval) {
        if (abandoned || !dirty || lastAttempt != null && Duration.between(lastAttempt, now).compareTo(interval) < 0) {
            return false;
        }
        dirty = false;
        return true;
    }

    /** The sync taken by {@link #takeDue} ended at {@code at}, written or not. */
    void ended(Instant at) {
        lastAttempt = at;
    }

    String marker() {
        return IssueBody.marker(migrationId, plan.repository());
    }
}
