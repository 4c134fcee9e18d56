package dev.patchlane.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static JobStatus routed(String id, String reason) {
        return new JobStatus(JobStatus.SCHEMA_VERSION, id, JobKind.LINT_FIX, "repo", null, JobState.PUBLISHED, Lane.FAST, null, null, null,
                List.of(new Transition(JobState.ROUTED, "router", Instant.EPOCH, Lane.FAST, reason)), Instant.EPOCH);
    }

    @Test
    void theRoutingLineCountsDecisionsByTheirEvidenceAndShowsTheBestInformedFirst() {
        String prior = "fast: P(success)=0.80 from 0 fast outcomes of LINT_FIX on repo (thin evidence, fewer than 20: drew 0.91)";
        String second = "fast: P(success)=0.86 from 13 fast outcomes of LINT_FIX on repo (thin evidence, fewer than 20: drew 0.88)";
        String enough = "fast: P(success)=0.90 from 24 fast outcomes of LINT_FIX on any repository; expected 2.0 s";
        String text = DemoSummary.routeReasons(List.of(routed("a", prior), routed("b", second), routed("c", enough),
                routed("d", "schema required: deep lane")));

        List<String> lines = text.lines().toList();
        assertEquals("routing: 3 of 4 jobs decided from outcome statistics (1 with enough evidence, 2 by a draw from a thin posterior;"
                + " 2 with earlier outcomes counted), the rest by hard rules; the reasons with most evidence:", lines.get(0));
        assertEquals(List.of("  " + enough, "  " + second, "  " + prior), lines.subList(1, 4));
        assertEquals(13, DemoSummary.evidence(second));
        assertEquals(0, DemoSummary.evidence("bounded LINT_FIX job"));
        assertTrue(text.endsWith("\n"));
    }
}
