package dev.patchlane.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.pipeline.status.JobStatuses;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class JobMetersTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Job JOB = new Job(Job.SCHEMA_VERSION, "00000000-0000-0000-0000-00000000000a", JobKind.LINT_FIX, "/repo", "main",
            List.of("a.txt"), "fix", null, null, new JobSource("api", "test", null), "k", T0, "acme");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobMeters meters = new JobMeters(registry);

    private static List<Transition> history(Object... stageStateSeconds) {
        List<Transition> history = new ArrayList<>();
        for (int i = 0; i < stageStateSeconds.length; i += 3) {
            history.add(new Transition((JobState) stageStateSeconds[i + 1], (String) stageStateSeconds[i],
                    T0.plusSeconds((Integer) stageStateSeconds[i + 2]), Lane.FAST, "why"));
        }
        return history;
    }

    private StatusWriteMeters statusMeters() {
        StatusWriteMeters interceptor = new StatusWriteMeters();
        interceptor.meters = meters;
        return interceptor;
    }

    private double transitions(String stage, String state) {
        return Search.in(registry).name(JobMeters.TRANSITIONS).tag("stage", stage).tag("state", state).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void theNewestTransitionCarriesItsStageTimeAndForATerminalStateTheWholeJob() {
        TransitionSample published = TransitionSample.newestOf(history("ingest", JobState.SUBMITTED, 0, "router", JobState.ROUTED, 1,
                "fast-worker", JobState.RUNNING, 2, "fast-worker", JobState.PATCH_READY, 5, "sink", JobState.PUBLISHED, 7)).orElseThrow();
        assertEquals("sink", published.stage());
        assertEquals(Duration.ofSeconds(2), published.sincePrevious());
        assertEquals(Duration.ofSeconds(7), published.sinceSubmitted());

        TransitionSample submitted = TransitionSample.newestOf(history("ingest", JobState.SUBMITTED, 0)).orElseThrow();
        assertNull(submitted.sincePrevious());
        assertNull(submitted.sinceSubmitted(), "not terminal");
        assertTrue(TransitionSample.newestOf(List.of()).isEmpty());
    }

    @Test
    void anotherProcessesClockBehindOursGivesZeroNotANegativeTime() {
        TransitionSample sample = TransitionSample.newestOf(history("router", JobState.ROUTED, 10, "fast-worker", JobState.RUNNING, 3))
                .orElseThrow();
        assertEquals(Duration.ZERO, sample.sincePrevious());
    }

    @Test
    void aStatusIsCountedOnceWhenTheBrokerHasItAndNotWhenItFailed() {
        StatusWriteMeters interceptor = statusMeters();
        byte[] status = Json.write(JobStatuses.of(JOB, history("ingest", JobState.SUBMITTED, 0, "router", JobState.ROUTED, 1), Usage.NONE, null));

        Message<?> acked = interceptor.beforeMessageSend(Message.of(status));
        assertEquals(0, transitions("router", "ROUTED"), "not before the broker has it");
        interceptor.onMessageAck(acked);
        interceptor.onMessageNack(interceptor.beforeMessageSend(Message.of(status)), new RuntimeException("broker down"));

        assertEquals(1, transitions("router", "ROUTED"));
        assertEquals(1, Search.in(registry).name(JobMeters.STAGE_DURATION).tag("stage", "router").timer().count());
    }

    @Test
    void aWorkersResultIsLeftToItsOutcomeSoASkippedStatusIsNoGap() {
        StatusWriteMeters interceptor = statusMeters();
        byte[] status = Json.write(JobStatuses.of(JOB, history("fast-worker", JobState.RUNNING, 0, "fast-worker", JobState.PATCH_READY, 1),
                Usage.NONE, null));
        interceptor.onMessageAck(interceptor.beforeMessageSend(Message.of(status)));
        assertEquals(0, transitions("fast-worker", "PATCH_READY"));

        FastOutcomeMeters outcomes = new FastOutcomeMeters();
        outcomes.meters = meters;
        outcomes.onMessageAck(outcomes.beforeMessageSend(Message.of(Json.write(escalatedFastOutcome()))));
        assertEquals(1, transitions("fast-worker", "ESCALATED"));
        assertEquals(1, Search.in(registry).name(JobMeters.ATTEMPTS).tag("lane", "fast").tag("result", "ESCALATED").counter().count());
        assertEquals(900.0, Search.in(registry).name(JobMeters.TOKENS_PER_SECOND).tag("lane", "fast").summary().mean(), 1e-9);
        assertEquals(120, Search.in(registry).name(JobMeters.TIME_TO_FIRST_TOKEN).timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(0.002, Search.in(registry).name(JobMeters.COST).tag("lane", "fast").counter().count(), 1e-12);
    }

    @Test
    void unreadableTombstonedOrHostileRecordsAreNotCountedAndNeverThrow() {
        StatusWriteMeters interceptor = statusMeters();
        FastOutcomeMeters outcomes = new FastOutcomeMeters();
        outcomes.meters = meters;
        List<Message<?>> odd = List.of(
                Message.of("{not json".getBytes(StandardCharsets.UTF_8)),
                Message.of(new byte[] {(byte) 0xff, 0, 1}),
                Message.of("[1,2,3]".getBytes(StandardCharsets.UTF_8)),
                Message.of("{\"history\":[{\"state\":\"NOT_A_STATE\"}]}".getBytes(StandardCharsets.UTF_8)),
                Message.of("{\"history\":[{\"stage\":\"x\"}]}".getBytes(StandardCharsets.UTF_8)),
                Message.of("x".repeat(1_000_000).getBytes(StandardCharsets.UTF_8)),
                Message.of("a tombstone's payload is not bytes"));
        for (Message<?> message : odd) {
            interceptor.onMessageAck(interceptor.beforeMessageSend(message));
            outcomes.onMessageAck(outcomes.beforeMessageSend(message));
        }
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());
    }

    private static Outcome escalatedFastOutcome() {
        RoutedJob routed = new RoutedJob(RoutedJob.SCHEMA_VERSION, JOB, new RouteDecision(Lane.FAST, List.of("small"), null), 1, null,
                Usage.NONE, history("ingest", JobState.SUBMITTED, 0, "router", JobState.ROUTED, 1), T0.plusSeconds(1));
        return new Outcome(Outcome.SCHEMA_VERSION, routed, Lane.FAST, "abc", OutcomeResult.FAILED, null, "malformed diff", true,
                new Usage(1000, 450), 0.002, new Timings(5, 10, 120, 500, 700, 900.0),
                new DecoderInfo("emulator", "codex-spark-class", true, "none", "in-process", null),
                history("ingest", JobState.SUBMITTED, 0, "router", JobState.ROUTED, 1, "fast-worker", JobState.RUNNING, 2,
                        "fast-worker", JobState.ESCALATED, 3),
                T0.plusSeconds(3));
    }
}
