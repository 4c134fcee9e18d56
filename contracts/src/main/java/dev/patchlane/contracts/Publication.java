package dev.patchlane.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What the sink did with a job's patch, as written to {@link Topics#PUBLISHED}: where it was published, or why it was
 * refused.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param jobId the job
 * @param kind the job kind
 * @param repository the job's repository
 * @param branch the bot's branch for this job ({@code patchlane/<kind>/<job id>}), or null when no branch was pushed
 * @param commit the commit holding the patch, or null when the patch was refused
 * @param patchFile the absolute path of the {@code git am}-able patch file, or null when none was written
 * @param targets what each configured publisher did, in the order they ran
 * @param rejection why the patch was refused (the job is then REJECTED), or null
 * @param publishedAt when
 * @param verification what was verified before publication, and how; null for records written before verification
 *     existed
 * @param resultFile for a structured-output job, the absolute path of its {@code <job-id>.json} file, or null
 * @param document for a structured-output job, the published JSON document, or null
 */
public record Publication(
        int schemaVersion,
        String jobId,
        JobKind kind,
        String repository,
        String branch,
        String commit,
        String patchFile,
        List<PublicationTarget> targets,
        String rejection,
        Instant publishedAt,
        Verification verification,
        String resultFile,
        JsonNode document) {

    public static final int SCHEMA_VERSION = 3;

    /** A patch's publication with nothing said about verification. */
    public Publication(int schemaVersion, String jobId, JobKind kind, String repository, String branch, String commit, String patchFile,
            List<PublicationTarget> targets, String rejection, Instant publishedAt) {
        this(schemaVersion, jobId, kind, repository, branch, commit, patchFile, targets, rejection, publishedAt, null, null, null);
    }

    public Publication {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public static Publication rejected(Job job, String reason, Instant at) {
        return new Publication(SCHEMA_VERSION, job.id(), job.kind(), job.repository(), null, null, null, List.of(), reason, at);
    }

    /** True for a structured result (a document, no patch); Jackson reads an absent document as JSON null. */
    public boolean isResult() {
        return document != null && !document.isNull();
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
