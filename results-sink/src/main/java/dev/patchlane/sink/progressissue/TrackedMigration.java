package dev.patchlane.sink.progressissue;

import dev.patchlane.contracts.Migration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A migration this replica owns: its latest record, its jobs as the issues show them, and its issues. */
final class TrackedMigration {

    final int partition;
    final Map<String, JobLine> jobs = new ConcurrentHashMap<>();
    final List<TrackedIssue> issues;
    volatile Migration migration;
    // set once the status view's jobs of the migration have been read in
    volatile boolean loaded;

    TrackedMigration(Migration migration, int partition, List<TrackedIssue> issues) {
        this.migration = migration;
        this.partition = partition;
        this.issues = List.copyOf(issues);
    }

    /** Keeps the newer of the line held and {@code line}; true when what the issues show changed. */
    boolean update(JobLine line) {
        JobLine before = jobs.get(line.jobId());
        JobLine after = jobs.merge(line.jobId(), line, JobLine::newer);
        boolean changed = !after.equals(before);
        if (changed) {
            issues.stream().filter(issue -> issue.plan.lists(line.repository())).forEach(TrackedIssue::touch);
        }
        return changed;
    }

    void touchAll() {
        issues.forEach(TrackedIssue::touch);
    }

    List<JobLine> linesOf(TrackedIssue issue) {
        return jobs.values().stream().filter(line -> issue.plan.lists(line.repository())).toList();
    }
}
