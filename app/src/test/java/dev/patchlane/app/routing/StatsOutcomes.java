package dev.patchlane.app.routing;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import java.time.Instant;
import java.util.List;

/** Outcomes as the workers write them, for tests of the routing statistics. */
final class StatsOutcomes {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private StatsOutcomes() {
    }

    /** A fast or deep attempt of a one-file LINT_FIX job on {@code repository}: a verified patch, or one that broke a check. */
    static Outcome of(String key, String repository, Lane lane, boolean verified) {
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey(key), JobKind.LINT_FIX, repository, "main", List.of("src/A.java"),
                "fix the lint", null, null, new JobSource("api", "test", null), key, T0, "acme");
        RouteFeatures features = new RouteFeatures(JobKind.LINT_FIX, 1, 800, false, List.of(), null);
        List<Transition> history = List.of(new Transition(JobState.SUBMITTED, "ingest", T0, null, "accepted"),
                new Transition(JobState.ROUTED, "router", T0.plusMillis(5), lane, "test"),
                new Transition(JobState.RUNNING, lane == Lane.FAST ? "fast-worker" : "deep-worker", T0.plusMillis(10), lane, "running"));
        RoutedJob routed = new RoutedJob(RoutedJob.SCHEMA_VERSION, job, new RouteDecision(lane, List.of("test"), features), lane == Lane.FAST ? 1 : 2,
                null, Usage.NONE, history, T0.plusMillis(5));
        boolean escalate = lane == Lane.FAST && !verified;
        Verification verification = new Verification(verified ? VerificationVerdict.VERIFIED : VerificationVerdict.FAILED, "bwrap", List.of(),
                verified ? "build passed" : "broken by the patch: build");
        long millis = lane == Lane.FAST ? 900 : 41_000;
        return new Outcome(Outcome.SCHEMA_VERSION, routed, lane, "0123456789012345678901234567890123456789", OutcomeResult.PATCH_READY,
                "--- a/src/A.java\n+++ b/src/A.java\n", verified ? "fixed" : "the patch applies but fails verification", escalate,
                new Usage(1000, 200), lane == Lane.FAST ? 0.001 : 0.05, new Timings(0, 10, 100, millis - 110, millis, 200),
                new DecoderInfo("emulator", lane == Lane.FAST ? "codex-spark-class" : "codex-class", true, "test", null, null), history,
                T0.plusMillis(millis), verification, null, null);
    }
}
