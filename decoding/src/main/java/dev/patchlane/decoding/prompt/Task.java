package dev.patchlane.decoding.prompt;

import dev.patchlane.contracts.JobKind;
import java.util.List;

/**
 * Everything a model is told about one job.
 *
 * @param jobId the job
 * @param kind what is asked
 * @param instructions the submitter's words, already sanitised
 * @param files the target files at the base ref
 * @param previousFailure why an earlier attempt failed (the cascade), or null
 */
public record Task(String jobId, JobKind kind, String instructions, List<PromptFile> files, String previousFailure) {

    public Task {
        files = List.copyOf(files);
    }
}
