package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds status records and histories. */
public final class JobStatuses {

    private JobStatuses() {
    }

    public static List<Transition> append(List<Transition> history, JobState state, String stage, Lane lane, String reason) {
        List<Transition> next = new ArrayList<>(history);
        next.add(new Transition(state, stage, Instant.now(), lane, reason));
        return List.copyOf(next);
    }

    /** The status a history describes: its last transition, the lane of its latest attempt. */
    public static JobStatus of(Job job, List<Transition> history, Usage usage, Publication publication) {
        return of(job, history, usage, publication, null, null);
    }

    /** The same, with what the latest attempt's checks said and the deep loop's trail. */
    public static JobStatus of(Job job, List<Transition> history, Usage usage, Publication publication, Verification verification,
            AgentRun agent) {
        Transition last = history.get(history.size() - 1);
        Lane lane = null;
        for (Transition transition : history) {
            if (transition.lane() != null) {
                lane = transition.lane();
            }
        }
        return new JobStatus(JobStatus.SCHEMA_VERSION, job.id(), job.kind(), job.repository(), job.source(), last.state(), lane, last.reason(), usage, publication,
                history, last.at(), verification, agent, job.tenant(), job.budget());
    }

    /**
     * Which of two records of one job the view keeps: a terminal state once recorded stays (a late duplicate or a
     * redelivered outcome cannot replace PUBLISHED with DEAD); otherwise an end beats a state on the way (a stage that
     * gives up records its end on the history it had), then histories only grow, so the longer one wins, then the later.
     *
     * @param current the record the view holds, or null
     * @param incoming the record just read
     */
    public static JobStatus newer(JobStatus current, JobStatus incoming) {
        if (current == null) {
            return incoming;
        }
        if (current.isTerminal()) {
            return current;
        }
        if (incoming.isTerminal()) {
            return incoming;
        }
        if (incoming.history().size() != current.history().size()) {
            return incoming.history().size() > current.history().size() ? incoming : current;
        }
        return incoming.updatedAt().isBefore(current.updatedAt()) ? current : incoming;
    }
}
