package dev.patchlane.pipeline.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.pipeline.status.JobStatuses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T15:30:00Z");

    private final TenantLedger ledger = new TenantLedger(Clock.fixed(NOW, ZoneOffset.UTC),
            (lane, usage) -> usage.costUsd(lane == Lane.DEEP ? 10 : 1, lane == Lane.DEEP ? 10 : 1));

    private static JobStatus status(String tenant, int n, Instant submitted, Usage usage, Lane lane, JobState... states) {
        Job job = new Job(Job.SCHEMA_VERSION, "00000000-0000-0000-0000-" + String.format("%012d", n), JobKind.LINT_FIX, "/r", "main",
                List.of("a"), "x", null, null, new JobSource("api", "t", null), "k" + n, submitted, tenant);
        List<Transition> history = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            history.add(new Transition(states[i], "test", submitted.plusSeconds(i), lane, null));
        }
        return JobStatuses.of(job, history, usage, null);
    }

    @Test
    void countsJobsInFlightUntilTheyEnd() {
        JobStatus submitted = status("acme", 1, NOW, Usage.NONE, null, JobState.SUBMITTED);
        JobStatus published = status("acme", 1, NOW, Usage.NONE, Lane.FAST, JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING,
                JobState.PATCH_READY, JobState.PUBLISHED);
        ledger.changed(null, submitted);
        ledger.changed(null, status("acme", 2, NOW, Usage.NONE, null, JobState.SUBMITTED));
        assertEquals(2, ledger.usage("acme").inFlight());
        ledger.changed(submitted, published);
        assertEquals(1, ledger.usage("acme").inFlight());
        assertEquals(0, ledger.usage("globex").inFlight(), "tenants are counted apart");
        ledger.changed(published, null);
        assertEquals(1, ledger.usage("acme").inFlight(), "a compacted terminal job was not in flight");
    }

    @Test
    void countsSubmissionsOfTheLastHourOnly() {
        ledger.changed(null, status("acme", 1, NOW.minus(Duration.ofMinutes(90)), Usage.NONE, null, JobState.SUBMITTED));
        ledger.changed(null, status("acme", 2, NOW.minus(Duration.ofMinutes(59)), Usage.NONE, null, JobState.SUBMITTED));
        ledger.changed(null, status("acme", 3, NOW, Usage.NONE, null, JobState.SUBMITTED));
        assertEquals(2, ledger.usage("acme").submittedLastHour());
        Duration wait = ledger.untilHourlySlotFrees("acme");
        // The oldest counted submission (59 minutes ago) leaves the hour within its minute bucket's granularity.
        assertTrue(wait.compareTo(Duration.ofMinutes(2)) <= 0 && wait.compareTo(Duration.ofMinutes(1)) >= 0, wait.toString());
    }

    @Test
    void addsTokensAndCostOnceAsAJobsUsageGrows() {
        JobStatus running = status("acme", 1, NOW, new Usage(1_000, 0), Lane.FAST, JobState.SUBMITTED, JobState.ROUTED, JobState.RUNNING);
        JobStatus escalatedDeep = status("acme", 1, NOW, new Usage(3_000, 1_000), Lane.DEEP, JobState.SUBMITTED, JobState.ROUTED,
                JobState.RUNNING, JobState.ESCALATED, JobState.ROUTED, JobState.RUNNING, JobState.PATCH_READY);
        ledger.changed(null, running);
        ledger.changed(running, escalatedDeep);
        TenantUsage usage = ledger.usage("acme");
        assertEquals(4_000, usage.tokensToday());
        assertEquals(1_000 * 1 / 1e6 + 3_000 * 10 / 1e6, usage.costTodayUsd(), 1e-12);
    }

    @Test
    void dailyBudgetsStartAgainAtMidnightUtc() {
        assertEquals(Duration.ofHours(8).plusMinutes(30), ledger.untilNextDay());
    }
}
