package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.demo.PreparedDemo;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.DocumentSchema;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on a real broker: every kind of job, both lanes, the cascade, published patches that apply. */
abstract class PipelineScenario {

    @TempDir
    Path checkout;

    @Test
    void everyJobEndsTerminalAndEveryPublishedPatchApplies() throws Exception {
        PreparedDemo demo = TestPipeline.prepared();
        String suffix = "-" + getClass().getSimpleName();
        List<String> ids = demo.plan().jobs().stream()
                .map(j -> new JobRequest(j.kind(), j.repository(), j.baseRef(), j.targetPaths(), j.instructions(), j.outputSchema(),
                        j.laneHint(), j.source(), j.idempotencyKey() + suffix))
                .map(Jobs::submit)
                .toList();
        assertEquals(demo.plan().jobs().size(), Set.copyOf(ids).size(), "one job per idempotency key");

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> Jobs.allTerminal(ids));
        List<JobStatus> statuses = ids.stream().map(Jobs::status).toList();

        assertEquals(EnumSet.allOf(JobKind.class), statuses.stream().map(JobStatus::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(JobKind.class))));
        Map<Lane, Long> byLane = statuses.stream().collect(Collectors.groupingBy(JobStatus::lane, Collectors.counting()));
        assertTrue(byLane.getOrDefault(Lane.FAST, 0L) > 0 && byLane.getOrDefault(Lane.DEEP, 0L) > 0, "both lanes: " + byLane);
        long escalated = statuses.stream().filter(s -> s.history().stream().anyMatch(t -> t.state() == JobState.ESCALATED)).count();
        assertEquals(3, escalated, "the three fast-hinted bugs only the deep model solves are escalated once each");
        assertEquals(2, statuses.stream().filter(s -> s.state() == JobState.NO_CHANGE).count());
        List<JobStatus> failed = statuses.stream().filter(s -> s.state() == JobState.FAILED).toList();
        assertEquals(1, failed.size(), "only the job no decoder can solve fails: " + failed);
        assertTrue(failed.get(0).reason().contains("cannot produce a change"), failed.get(0).reason());

        Path repository = demo.plan().repository();
        Git.run(checkout.getParent(), "clone", "-q", repository.toString(), checkout.toString());
        List<JobStatus> published = statuses.stream().filter(s -> s.state() == JobState.PUBLISHED).toList();
        assertEquals(statuses.size() - 3, published.size());
        List<JobStatus> results = published.stream().filter(s -> s.publication().isResult()).toList();
        assertEquals(3, results.size(), "the three structured-output jobs are published as documents");
        for (JobStatus status : results) {
            JobRequest request = demo.plan().jobs().get(ids.indexOf(status.jobId()));
            assertEquals(List.of(), DocumentSchema.compile(request.outputSchema()).violations(status.publication().document()), status.jobId());
            assertEquals(status.publication().document(), Json.mapper().readTree(Files.readString(Path.of(status.publication().resultFile()))));
            assertNull(status.publication().branch(), "a result is not a diff");
        }
        List<JobStatus> patches = published.stream().filter(s -> !s.publication().isResult()).toList();
        for (JobStatus status : patches) {
            Verification verification = status.verification();
            assertNotNull(verification, status.jobId());
            assertEquals(VerificationVerdict.VERIFIED, verification.verdict(), status.jobId() + ": " + verification);
            assertEquals(List.of("build", "lint"), verification.checks().stream().map(CheckResult::name).toList());
            assertEquals(CheckStatus.PASSED, verification.checks().get(0).status(), "every published patch builds: " + verification);
            assertEquals(verification, status.publication().verification());
            if (status.lane() == Lane.DEEP) {
                assertNotNull(status.agent(), "a deep patch comes from the tool loop: " + status.jobId());
                assertEquals("finished", status.agent().ended());
                assertTrue(status.agent().steps().stream().anyMatch(step -> step.tool().equals("run_check")), status.agent().toString());
            }
        }
        for (JobStatus status : patches) {
            assertNotNull(status.publication(), status.jobId());
            String branch = status.publication().branch();
            assertEquals(status.publication().commit(), Git.run(repository, "rev-parse", branch).strip());
            assertEquals("main", Git.run(repository, "name-rev", "--name-only", branch + "~1").strip(), "one commit on top of main");
            Git.run(checkout, "checkout", "-q", "-B", "check-" + status.jobId(), "origin/main");
            Git.run(checkout, "am", "-q", status.publication().patchFile());
        }
        JobStatus stats = published.stream().filter(s -> s.publication().patchFile() != null
                && readPatch(s).contains("Stats.java")).findFirst().orElseThrow();
        Git.run(checkout, "checkout", "-q", "-B", "stats", "origin/main");
        Git.run(checkout, "am", "-q", stats.publication().patchFile());
        assertTrue(Files.readString(checkout.resolve("src/main/java/demo/bugs/Stats.java")).contains("(double) sum / values.length;"));
    }

    private static String readPatch(JobStatus status) {
        try {
            return Files.readString(Path.of(status.publication().patchFile()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
