package dev.patchlane.sink.rebase;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Rebases;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A re-run moves another job's branch, so the sink judges it before any push: it must be a well-formed re-run of a
 * published job of the same repository, kind and tenant. An outcome written straight to Kafka, or a submission calling
 * itself a re-run, can therefore move no branch its tenant's own published job does not own.
 */
public final class RerunGuard {

    private RerunGuard() {
    }

    /** Why the job may not move a branch, or empty when it may (or is no re-run at all). */
    public static Optional<String> problem(Job job, Function<String, Optional<JobStatus>> statuses) {
        boolean claims = job.source() != null && Rebases.SOURCE_TYPE.equals(job.source().type());
        Optional<String> published = Rebases.publishedJobOf(job);
        if (published.isEmpty()) {
            return claims ? Optional.of("a job of source type " + Rebases.SOURCE_TYPE + " must be a re-run of a published job "
                    + "(key rebase:<job id>@<base commit>, base ref that commit)") : Optional.empty();
        }
        Optional<JobStatus> original = statuses.apply(published.get());
        if (original.isEmpty()) {
            return Optional.of("re-run of job " + published.get() + ", which patchlane does not know");
        }
        JobStatus status = original.get();
        if (status.state() != JobState.PUBLISHED) {
            return Optional.of("re-run of job " + published.get() + ", which is " + status.state() + ", not PUBLISHED");
        }
        if (!status.repository().equals(job.repository()) || status.kind() != job.kind() || !Objects.equals(status.tenant(), job.tenant())) {
            return Optional.of("re-run of job " + published.get() + " from another repository, kind or tenant");
        }
        return Optional.empty();
    }
}
