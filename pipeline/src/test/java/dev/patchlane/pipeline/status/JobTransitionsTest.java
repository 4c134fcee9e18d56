package dev.patchlane.pipeline.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {

    private static final Job JOB = new Job(Job.SCHEMA_VERSION, "00000000-0000-0000-0000-00000000000a", JobKind.LINT_FIX, "/repo", "main",
            List.of("a.txt"), "fix", null, null, new JobSource("api", "test", null), "k", Instant.now(), "acme");

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    /** One path of a job: the same states give equal transitions, as one record read twice does. */
    private static List<Transition> history(JobState... states) {
        return pathFrom(START, states);
    }

    private static List<Transition> pathFrom(Instant start, JobState... states) {
        List<Transition> history = new java.util.ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            history.add(new Transition(states[i], "test", start.plusSeconds(i), Lane.FAST, states[i].name()));
        }
        return List.copyOf(history);
    }

    private static Optional<JobStatus> current(JobState... states) {
        return Optional.of(JobStatuses.of(JOB, history(states), Usage.NONE, null));
    }

    @Test
    void aStageActingOnTheCurrentHistoryMayMoveOn() {
        assertTrue(JobTransitions.refusal(current(JobState.SUBMITTED), history(JobState.SUBMITTED), JobState.ROUTED).isEmpty());
        assertTrue(JobTransitions.refusal(Optional.empty(), history(JobState.SUBMITTED), JobState.ROUTED).isEmpty());
        assertTrue(JobTransitions.refusal(current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY),
                history(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY), JobState.PUBLISHED).isEmpty());
    }

    @Test
    void aTerminalJobIsNeverMovedAgain() {
        Optional<JobStatus> published = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY, JobState.PUBLISHED);
        List<Transition> redelivered = history(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY);
        assertTrue(JobTransitions.refusal(published, redelivered, JobState.DEAD).orElseThrow().contains("ended PUBLISHED"));
        assertTrue(JobTransitions.refusal(published, redelivered, JobState.PUBLISHED).isPresent());
    }

    @Test
    void aRedeliveredSubmissionFindsTheJobRunningAndIsRefused() {
        Optional<String> refusal = JobTransitions.refusal(current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING), history(JobState.SUBMITTED),
                JobState.ROUTED);
        assertTrue(refusal.orElseThrow().contains("moved on to RUNNING"), refusal.get());
    }

    @Test
    void aDuplicateRecordFromASecondIngestReplicaIsRefusedOnceTheFirstIsTheJob() {
        Optional<JobStatus> first = Optional.of(JobStatuses.of(JOB, history(JobState.SUBMITTED), Usage.NONE, null));
        List<Transition> secondReplica = pathFrom(START.plusMillis(3), JobState.SUBMITTED);
        assertTrue(JobTransitions.refusal(first, secondReplica, JobState.ROUTED).orElseThrow().contains("another history"));
    }

    @Test
    void aRedeliveredEscalationStartsNoSecondDeepAttempt() {
        List<Transition> escalated = history(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.ESCALATED);
        Optional<JobStatus> runningDeep = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.ESCALATED, JobState.ROUTED,
                JobState.RUNNING);
        assertTrue(JobTransitions.refusal(runningDeep, escalated, JobState.ROUTED).isPresent());
    }

    @Test
    void aRoutingRetriedAfterACrashSupersedesTheEarlierRoutingRecord() {
        List<Transition> escalated = history(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.ESCALATED);
        Optional<JobStatus> routedDeep = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.ESCALATED, JobState.ROUTED);
        assertTrue(JobTransitions.refusal(routedDeep, escalated, JobState.ROUTED).isEmpty(), "the same record may route again");
        List<Transition> firstRouting = routedDeep.get().history();
        List<Transition> retriedRouting = new java.util.ArrayList<>(escalated);
        retriedRouting.add(new Transition(JobState.ROUTED, "router", START.plusSeconds(60), Lane.DEEP, "again"));
        Optional<JobStatus> afterRetry = Optional.of(JobStatuses.of(JOB, retriedRouting, Usage.NONE, null));
        assertTrue(JobTransitions.refusal(afterRetry, firstRouting, JobState.RUNNING).isPresent(), "the first routing record runs nothing");
        assertTrue(JobTransitions.refusal(afterRetry, retriedRouting, JobState.RUNNING).isEmpty());
    }

    @Test
    void aCrashedAttemptMayBeStartedAgainByItsRoutingRecordOnly() {
        List<Transition> routed = history(JobState.SUBMITTED, JobState.ROUTED);
        Optional<JobStatus> running = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING);
        assertTrue(JobTransitions.refusal(running, routed, JobState.RUNNING).isEmpty());
        Optional<JobStatus> finished = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY);
        assertTrue(JobTransitions.refusal(finished, routed, JobState.RUNNING).isPresent());
    }

    @Test
    void aStageGivingUpAfterItsOwnFirstWriteStillEndsTheJobDead() {
        Optional<JobStatus> routed = current(JobState.SUBMITTED, JobState.ROUTED);
        assertTrue(JobTransitions.refusal(routed, history(JobState.SUBMITTED), JobState.DEAD).isEmpty(), "the router's send failed after ROUTED");
        Optional<JobStatus> running = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING);
        assertTrue(JobTransitions.refusal(running, history(JobState.SUBMITTED, JobState.ROUTED), JobState.DEAD).isEmpty());
        Optional<JobStatus> published = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY, JobState.PUBLISHED);
        assertTrue(JobTransitions.refusal(published, history(JobState.SUBMITTED, JobState.ROUTED), JobState.DEAD).isPresent(), "but never after the end");
        List<Transition> otherReplica = pathFrom(START.plusMillis(7), JobState.SUBMITTED);
        assertTrue(JobTransitions.refusal(routed, otherReplica, JobState.DEAD).isPresent(), "nor along another history");
    }

    @Test
    void aMoveTheStateMachineLacksIsRefusedEvenOnAFreshJob() {
        assertTrue(JobTransitions.refusal(Optional.empty(), history(JobState.SUBMITTED), JobState.PUBLISHED).orElseThrow()
                .contains("no move from SUBMITTED to PUBLISHED"));
        assertTrue(JobTransitions.refusal(Optional.empty(), List.of(), JobState.ROUTED).isPresent());
    }

    @Test
    void theViewKeepsTheFirstTerminalStateItRecorded() {
        JobStatus published = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY, JobState.PUBLISHED).get();
        JobStatus deadLater = current(JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY, JobState.PUBLISHED,
                JobState.DEAD).get();
        JobStatus lateDuplicate = current(JobState.SUBMITTED).get();
        assertSame(published, JobStatuses.newer(published, deadLater));
        assertSame(published, JobStatuses.newer(published, lateDuplicate));
        JobStatus routed = current(JobState.SUBMITTED, JobState.ROUTED).get();
        assertSame(routed, JobStatuses.newer(routed, lateDuplicate));
        assertEquals(JobState.PUBLISHED, JobStatuses.newer(routed, published).state());
    }
}
