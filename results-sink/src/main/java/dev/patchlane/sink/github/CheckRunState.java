package dev.patchlane.sink.github;

/**
 * A check run as GitHub holds it, the parts patchlane compares.
 *
 * @param id GitHub's id
 * @param status {@code queued}, {@code in_progress}, {@code completed} (or another status GitHub adds)
 * @param summary the output's summary, or null
 * @param url the run's page
 */
public record CheckRunState(long id, String status, String summary, String url) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
