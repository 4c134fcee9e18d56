package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.JobStatus;
import io.quarkus.qute.TemplateData;

/**
 * A job in a list.
 *
 * @param jobId the job
 * @param kind its kind
 * @param repository its repository (untrusted text)
 * @param state its state now
 * @param lane its lane, or {@code none}
 * @param updatedAt when it last moved (ISO-8601)
 * @param reason why it is in that state (untrusted text)
 */
@TemplateData
public record JobRow(String jobId, String kind, String repository, String state, String lane, String updatedAt, String reason) {

    static JobRow of(JobStatus status) {
        return new JobRow(status.jobId(), status.kind() == null ? "" : status.kind().name(), status.repository(), status.state().name(),
                DashboardFigures.lane(status.lane()), status.updatedAt() == null ? "" : status.updatedAt().toString(),
                status.reason() == null ? "" : status.reason());
    }
}
