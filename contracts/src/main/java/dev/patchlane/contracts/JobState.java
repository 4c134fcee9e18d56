package dev.patchlane.contracts;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The job lifecycle; {@link #canMoveTo} is the state machine every stage obeys. */
public enum JobState {
    SUBMITTED,
    ROUTED,
    RUNNING,
    PATCH_READY,
    /** A structured-output job's document is valid and waits for publication. */
    RESULT_READY,
    NO_CHANGE,
    FAILED,
    ESCALATED,
    PUBLISHED,
    REJECTED,
    DEAD,
    /** Its migration was cancelled before a worker started it. */
    CANCELLED;

    private static final Map<JobState, Set<JobState>> NEXT = Map.ofEntries(
            Map.entry(SUBMITTED, EnumSet.of(ROUTED, NO_CHANGE, FAILED, DEAD, CANCELLED)),
            Map.entry(ROUTED, EnumSet.of(RUNNING, DEAD, CANCELLED)),
            Map.entry(RUNNING, EnumSet.of(PATCH_READY, RESULT_READY, NO_CHANGE, FAILED, ESCALATED, DEAD)),
            Map.entry(ESCALATED, EnumSet.of(ROUTED, FAILED, DEAD)),
            Map.entry(PATCH_READY, EnumSet.of(PUBLISHED, REJECTED, DEAD)),
            Map.entry(RESULT_READY, EnumSet.of(PUBLISHED, REJECTED, DEAD)),
            Map.entry(NO_CHANGE, EnumSet.noneOf(JobState.class)),
            Map.entry(FAILED, EnumSet.noneOf(JobState.class)),
            Map.entry(PUBLISHED, EnumSet.noneOf(JobState.class)),
            Map.entry(REJECTED, EnumSet.noneOf(JobState.class)),
            Map.entry(DEAD, EnumSet.noneOf(JobState.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(JobState.class)));

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    public boolean canMoveTo(JobState next) {
        return NEXT.get(this).contains(next);
    }
}
