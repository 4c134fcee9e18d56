package dev.patchlane.pipeline.status;

import static dev.patchlane.pipeline.status.store.TestStatuses.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.UnreadableRecordException;
import dev.patchlane.pipeline.status.store.StatusStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobStatusViewTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    private StatusStore store;
    private JobStatusView view;
    private final List<String> changes = new ArrayList<>();
    private long offset;

    @BeforeEach
    void open() {
        store = StatusStore.open(temp.resolve("store"));
        view = new JobStatusView(store);
        view.onChange((previous, current) -> changes.add(describe(previous) + " -> " + describe(current)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void statusesFromTheTopicAreMergedAndATombstoneRemovesTheJob() {
        consume("job-1", status("job-1", JobState.SUBMITTED, T0, 1));
        consume("job-1", status("job-1", JobState.RUNNING, T0.plusSeconds(2), 3));
        consume("job-1", status("job-1", JobState.ROUTED, T0.plusSeconds(1), 2));
        consume("job-2", status("job-2", JobState.SUBMITTED, T0.plusSeconds(3), 1));

        assertEquals(JobState.RUNNING, view.get("job-1").orElseThrow().state(), "a late, shorter history does not win");
        assertEquals(List.of("job-2", "job-1"), view.list(null, 10).stream().map(JobStatus::jobId).toList());
        assertEquals(1, view.counts().get(JobState.RUNNING));

        consume("job-1", null);
        assertTrue(view.get("job-1").isEmpty());
        assertEquals(List.of("job-2"), view.list(null, 10).stream().map(JobStatus::jobId).toList());
        assertEquals(0, view.counts().get(JobState.RUNNING));
        consume("job-1", null);

        assertEquals(List.of("none -> SUBMITTED", "SUBMITTED -> RUNNING", "none -> SUBMITTED", "RUNNING -> none"), changes,
                "the listener hears changes only, not the merge keeping the stored status or a second tombstone");
    }

    @Test
    void appliedStatusesAreMatchedAndListedByState() {
        view.apply(status("job-1", JobState.PUBLISHED, T0, 4));
        view.apply(status("job-2", JobState.FAILED, T0.plusSeconds(1), 3));
        view.apply(status("job-3", JobState.PUBLISHED, T0.plusSeconds(2), 4));

        assertEquals(List.of("job-3", "job-1"), view.list(JobState.PUBLISHED, 10).stream().map(JobStatus::jobId).toList());
        assertEquals(List.of("job-2"), view.matching(s -> s.state() == JobState.FAILED).stream().map(JobStatus::jobId).toList());
        assertEquals(3, view.matching(s -> true).size());
    }

    @Test
    void theSweepTombstonesAndRemovesOnlyTerminalJobsPastTheRetention() {
        Instant now = T0.plus(Duration.ofDays(40));
        view.apply(status("old-published", JobState.PUBLISHED, T0, 4));
        view.apply(status("old-dead", JobState.DEAD, T0.plusSeconds(1), 2));
        view.apply(status("old-running", JobState.RUNNING, T0, 3));
        view.apply(status("recent-published", JobState.PUBLISHED, now.minus(Duration.ofMinutes(5)), 4));
        changes.clear();
        RecordingTombstones tombstones = new RecordingTombstones();

        assertEquals(2, view.sweep(now, Duration.ofMinutes(10), tombstones));

        assertEquals(List.of("old-dead", "old-published"), tombstones.written.stream().sorted().toList());
        assertTrue(view.get("old-published").isEmpty());
        assertTrue(view.get("old-dead").isEmpty());
        assertTrue(view.get("old-running").isPresent(), "a job still on its way is kept however old");
        assertTrue(view.get("recent-published").isPresent());
        assertEquals(List.of("DEAD -> none", "PUBLISHED -> none"), changes.stream().sorted().toList());
        assertEquals(0, view.sweep(now, Duration.ofMinutes(10), tombstones), "a second sweep finds nothing");

        // The tombstones come back from the topic; the jobs are already gone, so nothing changes again.
        changes.clear();
        tombstones.written.forEach(id -> consume(id, null));
        assertTrue(changes.isEmpty());
    }

    @Test
    void aSweepWhoseTombstonesFailRemovesNothing() {
        view.apply(status("old-published", JobState.PUBLISHED, T0, 4));
        StatusTombstones broken = new StatusTombstones() {
            @Override
            public void write(Collection<String> jobIds) {
                throw new IllegalStateException("broker down");
            }

            @Override
            public void close() {
            }
        };
        assertThrows(IllegalStateException.class, () -> view.sweep(T0.plus(Duration.ofDays(40)), Duration.ofDays(30), broken));
        assertTrue(view.get("old-published").isPresent(), "kept, so the next sweep tries again");
    }

    @Test
    void aNonPositiveRetentionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> view.sweep(T0, Duration.ZERO, new RecordingTombstones()));
    }

    @Test
    void aTombstoneWithoutAKeyIsUnreadable() {
        assertThrows(UnreadableRecordException.class, () -> consume(null, null));
    }

    @Test
    void aFailingListenerDoesNotUndoTheChange() {
        view.onChange((previous, current) -> {
            throw new IllegalStateException("listener bug");
        });
        view.apply(status("job-1", JobState.SUBMITTED, T0));
        assertTrue(view.get("job-1").isPresent());
        assertEquals(List.of("none -> SUBMITTED"), changes);
    }

    private void consume(String key, JobStatus status) {
        view.consume(new ConsumerRecord<>("patchlane.jobs.status", 0, offset++, key, status == null ? null : Json.write(status)));
    }

    private static String describe(JobStatus status) {
        return status == null ? "none" : status.state().name();
    }

    private static final class RecordingTombstones implements StatusTombstones {
        final List<String> written = new ArrayList<>();

        @Override
        public void write(Collection<String> jobIds) {
            written.addAll(jobIds);
        }

        @Override
        public void close() {
        }
    }
}
