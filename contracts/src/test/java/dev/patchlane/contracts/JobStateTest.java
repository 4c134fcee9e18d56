package dev.patchlane.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void terminalStatesAreExactlyTheEndsOfTheLifecycle() {
        var terminal = Arrays.stream(JobState.values()).filter(JobState::isTerminal).collect(Collectors.toSet());
        assertEquals(EnumSet.of(JobState.NO_CHANGE, JobState.FAILED, JobState.PUBLISHED, JobState.REJECTED, JobState.DEAD,
                JobState.CANCELLED), terminal);
    }

    @Test
    void theCascadeGoesThroughEscalatedBackToRouted() {
        assertTrue(JobState.RUNNING.canMoveTo(JobState.ESCALATED));
        assertTrue(JobState.ESCALATED.canMoveTo(JobState.ROUTED));
        assertFalse(JobState.PUBLISHED.canMoveTo(JobState.ROUTED));
        assertFalse(JobState.SUBMITTED.canMoveTo(JobState.PUBLISHED));
    }

    @Test
    void jobIdsAndBranchesAreDeterministic() {
        assertEquals(JobIds.fromIdempotencyKey("abc"), JobIds.fromIdempotencyKey("abc"));
        assertFalse(JobIds.fromIdempotencyKey("abc").equals(JobIds.fromIdempotencyKey("abd")));
        assertEquals("patchlane/test-generation/42", JobIds.branchName(JobKind.TEST_GENERATION, "42"));
    }
}
