package dev.patchlane.sink.github;

import java.util.List;
import java.util.Objects;

/**
 * What a check run should show: GitHub's "Create a check run" fields patchlane sets.
 *
 * @param status {@code queued}, {@code in_progress} or {@code completed}
 * @param conclusion for {@code completed} only: {@code success}, {@code neutral}, {@code failure}, {@code cancelled}, {@code skipped}
 * @param title the output's title
 * @param summary the output's summary (Markdown, at most {@link #MAX_SUMMARY_CHARS})
 * @param detailsUrl the integrator's page for the run, or null
 * @param actions buttons GitHub shows on the run (at most three)
 */
public record CheckRunSpec(String status, String conclusion, String title, String summary, String detailsUrl, List<Action> actions) {

    /** GitHub's limit on {@code output.summary}. */
    public static final int MAX_SUMMARY_CHARS = 65_535;

    public CheckRunSpec {
        Objects.requireNonNull(status, "status");
        if (!List.of("queued", "in_progress", "completed").contains(status)) {
            throw new IllegalArgumentException("status must be queued, in_progress or completed, got " + status);
        }
        if ("completed".equals(status) != (conclusion != null)) {
            throw new IllegalArgumentException("a conclusion goes with status completed, and only with it");
        }
        if (summary.length() > MAX_SUMMARY_CHARS) {
            throw new IllegalArgumentException("summary is longer than GitHub's " + MAX_SUMMARY_CHARS + " characters");
        }
        actions = List.copyOf(actions);
        if (actions.size() > 3) {
            throw new IllegalArgumentException("GitHub shows at most three actions on a check run");
        }
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    /** A requested action, within GitHub's limits: label 20, description 40, identifier 20 characters. */
    public record Action(String label, String description, String identifier) {

        public Action {
            limit("label", label, 20);
            limit("description", description, 40);
            limit("identifier", identifier, 20);
        }

        private static void limit(String name, String value, int max) {
            if (value == null || value.isEmpty() || value.length() > max) {
                throw new IllegalArgumentException("an action's " + name + " must be 1 to " + max + " characters: " + value);
            }
        }
    }
}
