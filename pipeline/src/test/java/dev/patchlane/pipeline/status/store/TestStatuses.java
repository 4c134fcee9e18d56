package dev.patchlane.pipeline.status.store;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Job statuses for tests, with a history that ends in the given state at the given instant. */
public final class TestStatuses {

    private TestStatuses() {
    }

    public static JobStatus status(String jobId, JobState state, Instant updatedAt) {
        return status(jobId, state, updatedAt, 1);
    }

    /** A status whose history has {@code transitions} entries, the last one {@code state} at {@code updatedAt}. */
    public static JobStatus status(String jobId, JobState state, Instant updatedAt, int transitions) {
        List<Transition> history = new ArrayList<>();
        for (int i = transitions - 1; i > 0; i--) {
            history.add(new Transition(JobState.SUBMITTED, "ingest", updatedAt.minusSeconds(i), null, "step " + (transitions - i)));
        }
        history.add(new Transition(state, "test", updatedAt, Lane.FAST, "now " + state));
        return new JobStatus(JobStatus.SCHEMA_VERSION, jobId, JobKind.LINT_FIX, "https://example.test/repo.git",
                new JobSource("api", "tests", jobId), state, Lane.FAST, "now " + state, Usage.NONE, null, history, updatedAt, null, null,
                "tenant-a");
    }
}
