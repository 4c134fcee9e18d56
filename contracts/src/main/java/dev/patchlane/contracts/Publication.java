package dev.patchlane.contracts;

import java.time.Instant;

/**
 * Where a job's patch was published, as written to {@link Topics#PUBLISHED}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param jobId the job
 * @param kind the job kind
 * @param repository the repository the branch was created in
 * @param branch the branch holding the commit, or null when only a patch file was written
 * @param commit the commit id on that branch, or null
 * @param patchFile the absolute path of the {@code git am}-able patch file
 * @param publishedAt when
 */
public record Publication(
        int schemaVersion,
        String jobId,
        JobKind kind,
        String repository,
        String branch,
        String commit,
        String patchFile,
        Instant publishedAt) {

    public static final int SCHEMA_VERSION = 1;
}
