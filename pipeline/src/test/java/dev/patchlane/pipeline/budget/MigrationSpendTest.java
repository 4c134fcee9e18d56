package dev.patchlane.pipeline.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationSpendTest {

    private static final Instant NOW = Instant.parse("2026-12-04T01:00:00Z");

    private static JobStatus status(String job, JobSource source, JobState state, Lane lane, Usage usage) {
        return new JobStatus(JobStatus.SCHEMA_VERSION, job, JobKind.MIGRATION, "/r", source, state, lane, "r", usage, null,
                List.of(new Transition(JobState.SUBMITTED, "ingest", NOW, null, "accepted")), NOW);
    }

    @Test
    void eachGrowthOfAJobsUsageIsCountedOnceAtTheLaneThatShowsIt() {
        // $1 per million tokens on the fast lane, $10 on the deep lane, input and output alike.
        MigrationSpend spend = new MigrationSpend((lane, usage) -> usage.costUsd(lane == Lane.DEEP ? 10 : 1, lane == Lane.DEEP ? 10 : 1));
        JobSource m1 = new JobSource("migration", "rename", "m-1");
        JobStatus submitted = status("j1", m1, JobState.SUBMITTED, null, Usage.NONE);
        JobStatus escalated = status("j1", m1, JobState.ESCALATED, Lane.FAST, new Usage(1_000, 0));
        JobStatus failed = status("j1", m1, JobState.FAILED, Lane.DEEP, new Usage(3_000, 0));
        spend.changed(null, submitted);
        spend.changed(submitted, escalated);
        spend.changed(escalated, failed);
        // A status read again (a duplicate, a replay in another order) adds nothing; a job compacted away keeps its spend.
        spend.changed(failed, failed);
        spend.changed(failed, null);
        spend.changed(null, status("j2", m1, JobState.PUBLISHED, Lane.FAST, new Usage(500, 500)));
        spend.changed(null, status("other", new JobSource("api", "bot", null), JobState.PUBLISHED, Lane.FAST, new Usage(9_000, 0)));

        MigrationSpend.Spent spent = spend.spent("m-1");
        assertEquals(4_000, spent.tokens());
        assertEquals(0.001 + 0.02 + 0.001, spent.costUsd(), 1e-12);
        assertEquals(MigrationSpend.Spent.NONE, spend.spent("no-such-migration"));
    }
}
