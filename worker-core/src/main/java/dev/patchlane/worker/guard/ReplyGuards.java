package dev.patchlane.worker.guard;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.StreamGuard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The checks a lane runs on a reply while it streams; a fresh set per decode, since some keep their place. */
public final class ReplyGuards {

    private ReplyGuards() {
    }

    /**
     * @param job the job being decoded
     * @param offTrackChars cancel after this many characters without a diff or NO_CHANGE; 0 disables every check
     */
    public static StreamGuard forJob(Job job, int offTrackChars) {
        if (offTrackChars <= 0) {
            return StreamGuard.NONE;
        }
        List<StreamGuard> guards = new ArrayList<>();
        if (job.requiresStructuredOutput()) {
            guards.add(new JsonSyntaxGuard());
        } else {
            guards.add(new OffTrackGuard(offTrackChars));
            boolean mayCreate = job.kind() == JobKind.TEST_GENERATION || job.kind() == JobKind.ISSUE;
            guards.add(new DiffStreamGuard(new HashSet<>(job.targetPaths()), mayCreate));
        }
        return text -> {
            for (StreamGuard guard : guards) {
                Optional<String> reason = guard.check(text);
                if (reason.isPresent()) {
                    return reason;
                }
            }
            return Optional.empty();
        };
    }
}
