package dev.patchlane.sink.checks;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.sink.github.CheckRunSpec;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A job's status as a check run: queued until it runs, in progress while it runs, then its conclusion. */
public final class CheckRunView {

    /** The button on a completed run; its identifier is what the webhook receiver acts on. */
    public static final CheckRunSpec.Action RETRY_DEEP = new CheckRunSpec.Action("Retry on deep lane", "Run this job again on the deep lane",
            "retry-deep");

    private CheckRunView() {
    }

    public static CheckRunSpec of(JobStatus status, Optional<URI> publicBaseUrl) {
        String conclusion = conclusion(status);
        String runStatus = conclusion != null ? "completed" : switch (status.state()) {
            case SUBMITTED, ROUTED -> "queued";
            default -> "in_progress";
        };
        return new CheckRunSpec(runStatus, conclusion, StatusText.title(status), StatusText.summary(status, publicBaseUrl),
                StatusText.jobPage(status, publicBaseUrl).orElse(null), offersRetry(status, conclusion) ? List.of(RETRY_DEEP) : List.of());
    }

    static String conclusion(JobStatus status) {
        return switch (status.state()) {
            case PUBLISHED -> "success";
            case NO_CHANGE -> "neutral";
            case FAILED, REJECTED, DEAD -> "failure";
            case CANCELLED -> "cancelled";
            default -> null;
        };
    }

    // A deep success has nothing to gain from the deep lane; a cancelled job was stopped by a person.
    private static boolean offersRetry(JobStatus status, String conclusion) {
        return "failure".equals(conclusion) || "neutral".equals(conclusion) || "success".equals(conclusion) && status.lane() == Lane.FAST;
    }
}
