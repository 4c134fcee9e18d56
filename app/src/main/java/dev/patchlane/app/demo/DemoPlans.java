package dev.patchlane.app.demo;

import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** Prepares a demo run before the pipeline starts: its repository, its jobs file and its emulator script. */
public final class DemoPlans {

    private DemoPlans() {
    }

    /**
     * Writes the run's files under {@code dataDir/demo/<run>}: the repository (unless given), a bare clone of it as the
     * remote branches are published to, jobs.json and the script.
     */
    public static PreparedDemo prepare(Path dataDir, Path repository, String ref, int jobCount) throws IOException, GitAPIException {
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path runDir = dataDir.resolve("demo").resolve(runId).toAbsolutePath();
        Files.createDirectories(runDir);
        DemoPlan plan = repository == null
                ? SampleRepository.create(runDir.resolve("sample-repo"), runId)
                : ExistingRepositoryPlan.create(repository.toAbsolutePath(), ref, jobCount, runId);
        String repo = plan.repository().toAbsolutePath().toString();
        List<JobRequest> jobs = plan.jobs().stream()
                .map(j -> new JobRequest(j.kind(), repo, j.baseRef(), j.targetPaths(), j.instructions(), j.outputSchema(), j.laneHint(),
                        j.source(), j.idempotencyKey()))
                .toList();
        Path jobsFile = runDir.resolve("jobs.json");
        Files.write(jobsFile, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(jobs));
        Path script = null;
        if (!plan.script().isEmpty()) {
            script = runDir.resolve("emulator-script.json");
            Files.write(script, Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(java.util.Map.of("entries", plan.script())));
        }
        Path remote = runDir.resolve("remote.git");
        Git.cloneRepository().setURI(plan.repository().toAbsolutePath().toUri().toString()).setDirectory(remote.toFile()).setBare(true)
                .call().close();
        return new PreparedDemo(new DemoPlan(plan.repository(), jobs, plan.script()), jobsFile, script, remote);
    }
}
