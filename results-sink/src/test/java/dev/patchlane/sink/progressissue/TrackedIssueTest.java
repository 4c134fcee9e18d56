package dev.patchlane.sink.progressissue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Coalescing: changes only mark an issue; it is due at most once an interval, and never once abandoned. */
class TrackedIssueTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private final Instant t0 = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void manyChangesWithinAnIntervalMakeOneEdit() {
        TrackedIssue issue = new TrackedIssue("m", new IssuePlan.Issue("acme/app", Set.of()), true);
        assertTrue(issue.takeDue(t0, INTERVAL), "a new issue is due at once");
        // the edit was held 3 s by the pacing: the interval counts from its end
        Instant ended = t0.plusSeconds(3);
        issue.ended(ended);
        for (int i = 1; i < 100; i++) {
            issue.touch();
            assertFalse(issue.takeDue(t0.plusMillis(i * 120L), INTERVAL), "change " + i + " waits for the interval");
        }
        assertTrue(issue.takeDue(ended.plus(INTERVAL), INTERVAL), "then one edit takes them all");
        issue.ended(ended.plus(INTERVAL));
        assertFalse(issue.takeDue(t0.plus(INTERVAL.multipliedBy(5)), INTERVAL), "nothing changed since: nothing due");
    }

    @Test
    void anAbandonedIssueIsNeverDueAgain() {
        TrackedIssue issue = new TrackedIssue("m", new IssuePlan.Issue("acme/app", Set.of()), true);
        issue.abandon();
        issue.touch();
        assertFalse(issue.takeDue(t0.plus(Duration.ofDays(1)), INTERVAL));
    }
}
