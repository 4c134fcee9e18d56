package dev.patchlane.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Job ids are name-based UUIDs of the idempotency key, so a resubmission always finds the same job. */
public final class JobIds {

    private JobIds() {
    }

    public static String fromIdempotencyKey(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("patchlane-job:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The deterministic branch a job's patch is published on. */
    public static String branchName(JobKind kind, String jobId) {
        return "patchlane/" + kind.slug() + "/" + jobId;
    }
}
