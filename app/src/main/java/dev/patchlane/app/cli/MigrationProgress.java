package dev.patchlane.app.cli;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answer of {@code GET /migrations/{id}}, as far as the CLI reads it.
 *
 * @param id the migration
 * @param name its human name
 * @param fanOut how far the fan-out into jobs has got
 * @param jobs the jobs it has so far
 * @param finished how many of them are terminal
 * @param byState the jobs per state
 */
record MigrationProgress(String id, String name, FanOut fanOut, long jobs, long finished, Map<String, Long> byState) {

    private static final Set<String> KNOWN_PHASES = Set.of("PENDING", "RUNNING", "DONE", "CANCELLED", "FAILED");

    /**
     * The fan-out's counters; only {@code phase} is present while no process of the service runs it.
     *
     * @param phase RUNNING, DONE, CANCELLED, FAILED, or a sentence when the fan-out is not (yet) running here
     * @param groupsPlanned file groups found so far
     * @param jobsSubmitted jobs submitted so far
     * @param jobsAlreadyPresent groups whose job already existed
     * @param problem what went wrong or was skipped, or null
     */
    record FanOut(String phase, Long groupsPlanned, Long jobsSubmitted, Long jobsAlreadyPresent, String problem) {
    }

    String phase() {
        return fanOut == null ? "unknown" : fanOut.phase();
    }

    /** Every job is finished and no more will come. */
    boolean done() {
        return finished == jobs && ("DONE".equals(phase()) || "CANCELLED".equals(phase()));
    }

    boolean failed() {
        return "FAILED".equals(phase());
    }

    /** One line, e.g. {@code fan-out DONE (2 groups, 2 submitted, 0 already present); jobs 2/2 finished: PUBLISHED 2}. */
    String summary() {
        StringBuilder line = new StringBuilder("fan-out ").append(KNOWN_PHASES.contains(phase()) ? phase() : "pending (" + phase() + ")");
        if (fanOut != null && fanOut.groupsPlanned() != null) {
            line.append(" (").append(fanOut.groupsPlanned()).append(" groups, ").append(fanOut.jobsSubmitted()).append(" submitted, ")
                    .append(fanOut.jobsAlreadyPresent()).append(" already present)");
        }
        line.append("; jobs ").append(finished).append('/').append(jobs).append(" finished");
        if (byState != null && !byState.isEmpty()) {
            line.append(": ").append(byState.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        if (fanOut != null && fanOut.problem() != null) {
            line.append("; problem: ").append(TablePrinter.truncate(fanOut.problem(), 200));
        }
        return line.toString();
    }
}
