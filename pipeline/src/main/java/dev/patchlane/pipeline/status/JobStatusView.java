package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.RecordReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The current status of every job, read from the compacted status topic from its beginning at every start, so it
 * survives restarts. A process plays this view when it has the ingest role.
 */
@ApplicationScoped
public class JobStatusView {

    private final Map<String, JobStatus> byJob = new ConcurrentHashMap<>();

    @Incoming("status-view")
    public void consume(byte[] record) {
        apply(RecordReader.read(record, ContractSchema.JOB_STATUS, JobStatus.class));
    }

    void apply(JobStatus status) {
        byJob.merge(status.jobId(), status, JobStatuses::newer);
    }

    public Optional<JobStatus> get(String jobId) {
        return Optional.ofNullable(byJob.get(jobId));
    }

    /** Jobs in {@code state} (all when null), most recently updated first. */
    public List<JobStatus> list(JobState state, int limit) {
        return byJob.values().stream()
                .filter(s -> state == null || s.state() == state)
                .sorted(Comparator.comparing(JobStatus::updatedAt).reversed())
                .limit(limit)
                .toList();
    }

    public int size() {
        return byJob.size();
    }
}
