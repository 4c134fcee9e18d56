package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.JobState;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The overview chart's series: groups of states (all lanes), jobs in flight per lane, and every job that ended. */
final class Series {

    /** The series in the chart's order; the page's script folds live counts by the same definitions ({@link #definitions}). */
    static final List<String> NAMES = List.of("waiting", "running", "escalated", "ready", "published", "other ends",
            "fast in flight", "deep in flight", "ended");

    private static final Map<String, Set<JobState>> BY_STATE = new LinkedHashMap<>();

    static {
        BY_STATE.put("waiting", EnumSet.of(JobState.SUBMITTED, JobState.ROUTED));
        BY_STATE.put("running", EnumSet.of(JobState.RUNNING));
        BY_STATE.put("escalated", EnumSet.of(JobState.ESCALATED));
        BY_STATE.put("ready", EnumSet.of(JobState.PATCH_READY, JobState.RESULT_READY));
        BY_STATE.put("published", EnumSet.of(JobState.PUBLISHED));
        BY_STATE.put("other ends", EnumSet.of(JobState.NO_CHANGE, JobState.FAILED, JobState.REJECTED, JobState.DEAD, JobState.CANCELLED));
    }

    private Series() {
    }

    /** Each series' value for counts per state and lane. */
    static Map<String, Long> values(Map<JobState, Map<String, Long>> counts) {
        Map<String, Long> values = new LinkedHashMap<>();
        NAMES.forEach(name -> values.put(name, 0L));
        counts.forEach((state, lanes) -> lanes.forEach((lane, count) -> {
            BY_STATE.forEach((name, states) -> {
                if (states.contains(state)) {
                    values.merge(name, count, Long::sum);
                }
            });
            if (!state.isTerminal() && (lane.equals("fast") || lane.equals("deep"))) {
                values.merge(lane + " in flight", count, Long::sum);
            }
            if (state.isTerminal()) {
                values.merge("ended", count, Long::sum);
            }
        }));
        return values;
    }

    /** The definitions the page's script needs: each state-group series and its states, and the terminal states. */
    static Map<String, Object> definitions() {
        Map<String, Object> groups = new LinkedHashMap<>();
        BY_STATE.forEach((name, states) -> groups.put(name, states.stream().map(Enum::name).toList()));
        return Map.of("names", NAMES, "groups", groups,
                "terminal", EnumSet.allOf(JobState.class).stream().filter(JobState::isTerminal).map(Enum::name).toList());
    }
}
