package dev.patchlane.app.demo;

import dev.patchlane.contracts.JobRequest;
import dev.patchlane.decoding.emulator.ScriptedContent;
import java.nio.file.Path;
import java.util.List;

/**
 * What a demo run submits.
 *
 * @param repository the repository the jobs change
 * @param jobs the job requests; their repository is filled in at submission
 * @param script emulator answers for jobs no deterministic fixer handles
 */
public record DemoPlan(Path repository, List<JobRequest> jobs, List<ScriptedContent.Entry> script) {
}
