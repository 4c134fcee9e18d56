package dev.patchlane.ingest.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which jobs an /events stream shows, and its query parameters' refusals. */
class SourceFilterTest {

    private static final Caller ACME = new Caller("acme", "t", EnumSet.of(Scope.READ));
    private static final Caller ADMIN = new Caller("ops", "a", EnumSet.of(Scope.ADMIN));

    private static JobStatus job(String tenant, JobSource source, JobState state) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new JobStatus(1, "j", JobKind.LINT_FIX, "/r", source, state, null, "r", Usage.NONE, null,
                List.of(new Transition(state, "ingest", at, null, "r")), at, null, null, tenant);
    }

    @Test
    void itMatchesTenantSourceMigrationAndState() {
        JobStatus github = job("acme", new JobSource("github", "octo/widgets", "https://github.com/octo/widgets/issues/1"), JobState.SUBMITTED);
        JobStatus migration = job("acme", new JobSource("migration", "junit5", "m-1"), JobState.ROUTED);
        assertTrue(SourceFilter.parse(ACME, "github", null, null).accepts(github));
        assertTrue(SourceFilter.parse(ACME, "github:octo/widgets", null, null).accepts(github));
        assertFalse(SourceFilter.parse(ACME, "github:other", null, null).accepts(github));
        assertFalse(SourceFilter.parse(ACME, "github", null, null).accepts(migration));
        assertTrue(SourceFilter.parse(ACME, null, "m-1", null).accepts(migration));
        assertFalse(SourceFilter.parse(ACME, null, "m-2", null).accepts(migration));
        assertFalse(SourceFilter.parse(ACME, null, "m-1", null).accepts(github));
        assertTrue(SourceFilter.parse(ACME, null, null, "routed").accepts(migration));
        assertFalse(SourceFilter.parse(ACME, null, null, "ROUTED").accepts(github));
        assertTrue(SourceFilter.parse(ACME, "", "", "").accepts(github), "empty parameters select nothing out");
        assertFalse(SourceFilter.parse(ACME, null, null, null).accepts(job("globex", github.source(), JobState.SUBMITTED)), "another tenant's");
        assertTrue(SourceFilter.parse(ADMIN, null, null, null).accepts(job("globex", github.source(), JobState.SUBMITTED)), "an admin sees all");
        assertFalse(SourceFilter.parse(ACME, "github", null, null).accepts(job("acme", null, JobState.SUBMITTED)), "a job without a source");
    }

    @Test
    void badParametersAreRefusedWithTheReason() {
        assertEquals("source must be <type> or <type>:<name>, got ':x'",
                assertThrows(IllegalArgumentException.class, () -> SourceFilter.parse(ACME, ":x", null, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SourceFilter.parse(ACME, "github:", null, null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceFilter.parse(ACME, null, null, "BOGUS")).getMessage()
                .startsWith("unknown state BOGUS"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceFilter.parse(ACME, "a\nb", null, null)).getMessage()
                .contains("control characters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceFilter.parse(ACME, null, "m".repeat(201), null)).getMessage()
                .contains("longer than 200"));
    }
}
