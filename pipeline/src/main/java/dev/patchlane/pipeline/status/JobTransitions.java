package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Transition;
import java.util.List;
import java.util.Optional;

/**
 * Judges one write of a job's status against the job's current status, with {@link JobState#canMoveTo} as the rule.
 * A stage acts on the history its record carries; the write is allowed only when that history is the job's current one
 * (transitions compared by state and time, so two records of one job written by different hands differ):
 * <ul>
 *   <li>a terminal job is never moved again;</li>
 *   <li>a job that moved past the stage's history, or along another history (a duplicate record from a second ingest
 *       replica, a redelivered escalation), is left alone;</li>
 *   <li>a stage that gives up on its record may end the job DEAD from any state along the record's history;</li>
 *   <li>the one documented retry: the same record handled again after its stage recorded the next state and then failed
 *       or crashed before its own record was written (the current history is the record's history plus one transition
 *       to the state being written) may write that state again.</li>
 * </ul>
 * A current history shorter than the record's is allowed: this process's view has not yet read what the record's writer
 * recorded.
 */
public final class JobTransitions {

    private JobTransitions() {
    }

    /** Why {@code next} may not follow {@code history}, or empty when it may. */
    public static Optional<String> refusal(Optional<JobStatus> current, List<Transition> history, JobState next) {
        JobState from = history.isEmpty() ? null : history.get(history.size() - 1).state();
        if (from != null && !from.canMoveTo(next)) {
            return Optional.of("the state machine has no move from " + from + " to " + next);
        }
        if (from == null && next != JobState.SUBMITTED) {
            return Optional.of("a job's first state is SUBMITTED, not " + next);
        }
        if (current.isEmpty()) {
            return Optional.empty();
        }
        JobStatus now = current.get();
        if (now.isTerminal()) {
            return Optional.of("it ended " + now.state() + " (" + abbreviated(now.reason()) + ")");
        }
        List<Transition> recorded = now.history();
        int shared = Math.min(recorded.size(), history.size());
        if (!samePath(recorded.subList(0, shared), history.subList(0, shared))) {
            return Optional.of("it is " + now.state() + " along another history than this record's (a duplicate record)");
        }
        if (recorded.size() <= history.size()) {
            return Optional.empty();
        }
        if (next == JobState.DEAD) {
            // A stage giving up on its record after its own first write (ROUTED, RUNNING) still ends the job with the reason.
            return Optional.empty();
        }
        boolean sameRecordRetried = recorded.size() == history.size() + 1 && now.state() == next;
        if (sameRecordRetried) {
            return Optional.empty();
        }
        return Optional.of("it moved on to " + now.state() + " after the state this record was written in (" + from + ")");
    }

    private static boolean samePath(List<Transition> a, List<Transition> b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).state() != b.get(i).state() || !a.get(i).at().equals(b.get(i).at())) {
                return false;
            }
        }
        return true;
    }
    private static String abbreviated(String reason) {
        if (reason == null) {
            return "no reason given";
        }
        return reason.length() <= 200 ? reason : reason.substring(0, 200) + "…";
    }
}
