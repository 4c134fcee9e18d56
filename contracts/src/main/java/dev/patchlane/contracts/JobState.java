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
    NO_CHANGE,
    FAILED,
    ESCALATED,
    PUBLISHED,
    REJECTED,
    DEAD;

    private static final Map<JobState, Set<JobState>> NEXT = Map.of(
            SUBMITTED, EnumSet.of(ROUTED, FAILED, DEAD),
            ROUTED, EnumSet.of(RUNNING, DEAD),
            RUNNING, EnumSet.of(PATCH_READY, NO_CHANGE, FAILED, ESCALATED, DEAD),
            ESCALATED, EnumSet.of(ROUTED, FAILED, DEAD),
            PATCH_READY, EnumSet.of(PUBLISHED, REJECTED, DEAD),
            NO_CHANGE, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            PUBLISHED, EnumSet.noneOf(JobState.class),
            REJECTED, EnumSet.noneOf(JobState.class),
            DEAD, EnumSet.noneOf(JobState.class));

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    public boolean canMoveTo(JobState next) {
        return NEXT.get(this).contains(next);
    }
}
