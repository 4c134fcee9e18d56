package dev.patchlane.sink.publish;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Usage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull request says what the job was allowed to spend and what it spent over all its attempts. */
class BudgetTextTest {

    @TempDir
    Path tmp;

    @Test
    void theBodyShowsTheBudgetAndWhatAllAttemptsUsed() throws Exception {
        Outcome o = Fixture.create(tmp, tmp.resolve("remote.git")).outcome();
        assertFalse(PullRequestText.body(o, "c0ffee").contains("**budget**"), "a job without a budget has no budget row");

        Job j = o.job();
        Job job = new Job(j.schemaVersion(), j.id(), j.kind(), j.repository(), j.baseRef(), j.targetPaths(), j.instructions(), j.outputSchema(),
                j.laneHint(), j.source(), j.idempotencyKey(), j.submittedAt(), j.tenant(), new Budget(400_000L, 0.5, 8));
        RoutedJob r = o.routed();
        // A deep attempt after a fast one that spent 1,000 + 200 tokens and $0.0100.
        RoutedJob routed = new RoutedJob(r.schemaVersion(), job, r.decision(), 2, r.escalation(), new Usage(1_000, 200), r.history(), r.routedAt(),
                0.01);
        Outcome budgeted = new Outcome(o.schemaVersion(), routed, o.lane(), o.baseCommit(), o.result(), o.patch(), o.summary(), o.escalate(),
                new Usage(3_000, 800), 0.0125, o.timings(), o.decoder(), o.history(), o.finishedAt(), o.verification(), o.agent(), o.document());

        String body = PullRequestText.body(budgeted, "c0ffee");
        assertTrue(body.contains("- **budget**: 400,000 tokens, $0.50, 8 deep turns; used 5,000 tokens and $0.0225 over all attempts"), body);
    }
}
