package dev.patchlane.contracts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job made again on a moved base: a job of its own, whose idempotency key is the published job's id and the new base
 * commit (so a redelivered push is the same re-run) and whose patch goes onto the published job's branch.
 */
public final class Rebases {

    /** The source type of a re-run; {@code name} is the published job's id, {@code reference} its pull request. */
    public static final String SOURCE_TYPE = "rebase";

    private static final Pattern KEY = Pattern.compile("rebase:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([0-9a-f]{40})");

    private Rebases() {
    }

    public static String idempotencyKey(String publishedJobId, String baseCommit) {
        return "rebase:" + publishedJobId + "@" + baseCommit;
    }

    /**
     * The published job a job re-runs, when it is a well-formed re-run: source type {@link #SOURCE_TYPE}, a key of the
     * form above whose base is the job's base ref and whose job id it derives, and the source naming the same job.
     * Anything else, whatever its source says, is an ordinary job with a branch of its own.
     */
    public static Optional<String> publishedJobOf(Job job) {
        if (job.source() == null || !SOURCE_TYPE.equals(job.source().type()) || job.idempotencyKey() == null) {
            return Optional.empty();
        }
        Matcher key = KEY.matcher(job.idempotencyKey());
        if (!key.matches() || !key.group(2).equals(job.baseRef()) || !key.group(1).equals(job.source().name())
                || !JobIds.fromIdempotencyKey(job.idempotencyKey()).equals(job.id())) {
            return Optional.empty();
        }
        return Optional.of(key.group(1));
    }

    /** The branch a job's patch goes to: the published job's for a re-run, else its own. */
    public static String branchOf(Job job) {
        return JobIds.branchName(job.kind(), publishedJobOf(job).orElse(job.id()));
    }
}
