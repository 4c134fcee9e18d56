package dev.patchlane.sink.rebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Rebases;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Only a well-formed re-run of a published job of the same repository, kind and tenant may move that job's branch. */
class RerunGuardTest {

    private static final String REPO = "https://github.com/acme/service.git";
    private static final String BASE = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String PUBLISHED = JobIds.fromIdempotencyKey("original");
    private static final Instant AT = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void aWellFormedReRunOfThePublishedJobMayMoveItsBranch() {
        Job rerun = rerun(PUBLISHED, BASE, BASE, "acme", REPO, JobKind.LINT_FIX);
        assertEquals(Optional.of(PUBLISHED), Rebases.publishedJobOf(rerun));
        assertEquals(JobIds.branchName(JobKind.LINT_FIX, PUBLISHED), Rebases.branchOf(rerun));
        assertEquals(Optional.empty(), RerunGuard.problem(rerun, statuses(JobState.PUBLISHED)));
    }

    @Test
    void anOrdinaryJobIsNoConcernOfTheGuard() {
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("k"), JobKind.LINT_FIX, REPO, "main", List.of("a.txt"), "Fix.", null,
                null, new JobSource("api", "ci", null), "k", AT, "acme");
        assertEquals(Optional.empty(), RerunGuard.problem(job, statuses(JobState.PUBLISHED)));
        assertEquals(JobIds.branchName(JobKind.LINT_FIX, job.id()), Rebases.branchOf(job));
    }

    @Test
    void aJobCallingItselfAReRunWithoutTheShapeOfOneIsRefused() {
        // Its key's base is not its base ref: the job id may be right, the claim is not.
        Job wrongBase = rerun(PUBLISHED, BASE, "main", "acme", REPO, JobKind.LINT_FIX);
        assertTrue(RerunGuard.problem(wrongBase, statuses(JobState.PUBLISHED)).orElseThrow().contains("must be a re-run"));
        assertEquals(JobIds.branchName(JobKind.LINT_FIX, wrongBase.id()), Rebases.branchOf(wrongBase), "and it gets a branch of its own");
    }

    @Test
    void aReRunOfAnotherTenantsRepositoryOrKindOrOfAJobNotPublishedIsRefused() {
        assertTrue(RerunGuard.problem(rerun(PUBLISHED, BASE, BASE, "mallory", REPO, JobKind.LINT_FIX), statuses(JobState.PUBLISHED)).isPresent());
        assertTrue(RerunGuard.problem(rerun(PUBLISHED, BASE, BASE, "acme", "https://github.com/acme/other.git", JobKind.LINT_FIX),
                statuses(JobState.PUBLISHED)).isPresent());
        assertTrue(RerunGuard.problem(rerun(PUBLISHED, BASE, BASE, "acme", REPO, JobKind.ISSUE), statuses(JobState.PUBLISHED)).isPresent());
        assertTrue(RerunGuard.problem(rerun(PUBLISHED, BASE, BASE, "acme", REPO, JobKind.LINT_FIX), statuses(JobState.REJECTED))
                .orElseThrow().contains("REJECTED"));
        assertTrue(RerunGuard.problem(rerun(JobIds.fromIdempotencyKey("unknown"), BASE, BASE, "acme", REPO, JobKind.LINT_FIX),
                statuses(JobState.PUBLISHED)).orElseThrow().contains("does not know"));
    }

    private static Job rerun(String published, String keyBase, String baseRef, String tenant, String repository, JobKind kind) {
        String key = Rebases.idempotencyKey(published, keyBase);
        return new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey(key), kind, repository, baseRef, List.of("a.txt"), "Fix.", null, null,
                new JobSource(Rebases.SOURCE_TYPE, published, "https://github.com/acme/service/pull/1"), key, AT, tenant);
    }

    private static java.util.function.Function<String, Optional<JobStatus>> statuses(JobState state) {
        JobStatus status = new JobStatus(JobStatus.SCHEMA_VERSION, PUBLISHED, JobKind.LINT_FIX, REPO, new JobSource("api", "ci", null), state,
                null, null, Usage.NONE, null, List.of(new Transition(JobState.SUBMITTED, "ingest", AT, null, null)), AT, null, null, "acme");
        Map<String, JobStatus> known = Map.of(PUBLISHED, status);
        return id -> Optional.ofNullable(known.get(id));
    }
}
