package dev.patchlane.app.rebase;

import java.time.Instant;
import java.util.List;

/**
 * What one scan of a moved base did, pull request by pull request, in words; kept for operators and tests.
 *
 * @param deliveryId the push that was scanned (the latest of those coalesced)
 * @param repository the repository's {@code owner/name}
 * @param branch the base branch
 * @param after the base's new commit
 * @param notes one line per pull request, or why the scan stopped
 * @param reruns the re-run jobs started
 * @param at when the scan ended
 */
public record ScanReport(String deliveryId, String repository, String branch, String after, List<String> notes, List<String> reruns,
        Instant at) {

    public ScanReport {
        notes = List.copyOf(notes);
        reruns = List.copyOf(reruns);
    }
}
