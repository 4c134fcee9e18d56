package dev.patchlane.pipeline.status.store;

import static dev.patchlane.pipeline.status.store.TestStatuses.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.pipeline.status.JobStatuses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    private StatusStore store;

    @BeforeEach
    void open() {
        store = StatusStore.open(temp.resolve("store"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aStatusIsReadBackAsWritten() {
        JobStatus written = status("job-1", JobState.RUNNING, T0, 3);
        store.put(written);
        assertEquals(written, store.get("job-1").orElseThrow());
        assertTrue(store.get("job-2").isEmpty());
    }

    @Test
    void anOverwriteMovesTheJobInTheIndex() {
        store.put(status("job-1", JobState.RUNNING, T0));
        store.put(status("job-2", JobState.RUNNING, T0.plusSeconds(1)));
        store.put(status("job-1", JobState.PUBLISHED, T0.plusSeconds(2)));

        assertEquals(List.of("job-2"), ids(store.list(JobState.RUNNING, 10)));
        assertEquals(List.of("job-1"), ids(store.list(JobState.PUBLISHED, 10)));
        assertEquals(List.of("job-1", "job-2"), ids(store.list(null, 10)), "the overwrite is now the most recent");
        assertEquals(JobState.PUBLISHED, store.get("job-1").orElseThrow().state());
        assertEquals(2, store.size());
    }

    @Test
    void aDeletedJobIsGoneFromValuesIndexAndCounts() {
        store.put(status("job-1", JobState.FAILED, T0));
        store.put(status("job-2", JobState.FAILED, T0.plusSeconds(1)));

        assertEquals("job-1", store.delete("job-1").jobId());
        assertNull(store.delete("job-1"), "deleting twice removes nothing");
        assertTrue(store.get("job-1").isEmpty());
        assertEquals(List.of("job-2"), ids(store.list(JobState.FAILED, 10)));
        assertEquals(List.of("job-2"), ids(store.list(null, 10)));
        assertEquals(1, store.count(JobState.FAILED));
    }

    @Test
    void aConditionalDeleteKeepsAJobThatFailsTheCondition() {
        store.put(status("job-1", JobState.RUNNING, T0));
        List<JobStatus> removed = new ArrayList<>();
        assertNull(store.deleteIf("job-1", JobStatus::isTerminal, removed::add));
        assertTrue(store.get("job-1").isPresent());
        assertTrue(removed.isEmpty());
    }

    @Test
    void aStateListsItsJobsMostRecentlyUpdatedFirstUpToTheLimit() {
        for (int i = 0; i < 50; i++) {
            // Written out of order, every third one in another state.
            int second = (i * 37) % 50;
            store.put(status("job-" + second, second % 3 == 0 ? JobState.PUBLISHED : JobState.RUNNING, T0.plusSeconds(second)));
        }
        List<JobStatus> running = store.list(JobState.RUNNING, 5);
        assertEquals(List.of("job-49", "job-47", "job-46", "job-44", "job-43"), ids(running));
        List<JobStatus> all = store.list(null, 100);
        assertEquals(50, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).updatedAt().isAfter(all.get(i).updatedAt()), "ordered by updatedAt, newest first");
        }
        assertTrue(store.list(JobState.DEAD, 10).isEmpty());
        assertTrue(store.list(JobState.RUNNING, 0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.list(JobState.RUNNING, -1));
    }

    @Test
    void instantsBeforeTheEpochAndFarInTheFutureKeepTheirOrder() {
        store.put(status("old", JobState.NO_CHANGE, Instant.parse("1960-05-01T00:00:00Z")));
        store.put(status("epoch", JobState.NO_CHANGE, Instant.EPOCH));
        store.put(status("now", JobState.NO_CHANGE, T0));
        store.put(status("far", JobState.NO_CHANGE, Instant.parse("3000-01-01T00:00:00Z")));
        assertEquals(List.of("far", "now", "epoch", "old"), ids(store.list(JobState.NO_CHANGE, 10)));
    }

    @Test
    void updatedBeforeFindsOnlyJobsOlderThanTheCutoffInThatState() {
        store.put(status("old-1", JobState.PUBLISHED, T0));
        store.put(status("old-2", JobState.PUBLISHED, T0.plusSeconds(10)));
        store.put(status("at-cutoff", JobState.PUBLISHED, T0.plusSeconds(20)));
        store.put(status("new", JobState.PUBLISHED, T0.plusSeconds(30)));
        store.put(status("old-running", JobState.RUNNING, T0));

        assertEquals(List.of("old-2", "old-1"), store.updatedBefore(JobState.PUBLISHED, T0.plusSeconds(20), 10));
        assertEquals(List.of("old-2"), store.updatedBefore(JobState.PUBLISHED, T0.plusSeconds(20), 1));
        assertTrue(store.updatedBefore(JobState.FAILED, T0.plusSeconds(60), 10).isEmpty());
    }

    @Test
    void countsFollowEveryWrite() {
        store.put(status("job-1", JobState.SUBMITTED, T0));
        store.put(status("job-2", JobState.SUBMITTED, T0));
        store.put(status("job-1", JobState.ROUTED, T0.plusSeconds(1)));
        store.put(status("job-3", JobState.DEAD, T0));
        store.delete("job-3");

        Map<JobState, Long> counts = store.counts();
        assertEquals(JobState.values().length, counts.size());
        assertEquals(1, counts.get(JobState.SUBMITTED));
        assertEquals(1, counts.get(JobState.ROUTED));
        assertEquals(0, counts.get(JobState.DEAD));
        assertEquals(2, store.size());
    }

    @Test
    void aMergeThatKeepsTheStoredValueChangesNothing() {
        List<String> changes = new ArrayList<>();
        JobStatus published = status("job-1", JobState.PUBLISHED, T0.plusSeconds(5), 4);
        assertTrue(store.merge(published, JobStatuses::newer, (a, b) -> changes.add(a + "->" + b.state())).isPresent());
        assertTrue(store.merge(status("job-1", JobState.RUNNING, T0, 2), JobStatuses::newer, (a, b) -> changes.add("older")).isEmpty());
        assertTrue(store.merge(published, JobStatuses::newer, (a, b) -> changes.add("equal")).isEmpty(), "an equal copy is no change");
        assertEquals(List.of("null->PUBLISHED"), changes);
        assertEquals(published, store.get("job-1").orElseThrow());
    }

    @Test
    void openingADirectoryAgainStartsEmpty() {
        store.put(status("job-1", JobState.RUNNING, T0));
        Path dir = store.directory();
        store.close();
        assertFalse(Files.exists(dir), "closing deletes the directory");

        store = StatusStore.open(dir);
        assertTrue(store.get("job-1").isEmpty());
        assertEquals(0, store.size());
        store.put(status("job-1", JobState.RUNNING, T0));
        assertTrue(store.get("job-1").isPresent());
    }

    @Test
    void whatACrashedStoreLeftIsDeletedAtTheNextOpen() throws Exception {
        Path dir = store.directory();
        store.close();
        // A crashed process leaves its store's files and marker behind.
        Files.createDirectories(dir);
        Files.createFile(dir.resolve(".patchlane-status-store"));
        Files.writeString(dir.resolve("000042.sst"), "left over");

        store = StatusStore.open(dir);
        assertFalse(Files.exists(dir.resolve("000042.sst")));
        store.put(status("job-1", JobState.RUNNING, T0));
        assertEquals(1, store.size());
    }

    @Test
    void aDirectoryThatIsNotAStoreIsNotDeleted() throws Exception {
        Path other = temp.resolve("someone-elses");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "keep me");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> StatusStore.open(other));
        assertTrue(refused.getMessage().contains("refusing"), refused.getMessage());
        assertTrue(Files.exists(other.resolve("notes.txt")));
    }

    @Test
    void aClosedStoreRefusesCalls() {
        store.close();
        assertFalse(store.isOpen());
        assertThrows(IllegalStateException.class, () -> store.get("job-1"));
        assertThrows(IllegalStateException.class, () -> store.put(status("job-1", JobState.RUNNING, T0)));
        store.close();
    }

    @Test
    void concurrentWritersLeaveValuesIndexAndCountsInAgreement() throws Exception {
        int threads = 8;
        int jobs = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    // Every thread writes every job, at a history length of its own, so merges of one job race.
                    for (int i = 0; i < jobs; i++) {
                        JobState state = thread == threads - 1 ? JobState.PUBLISHED : JobState.RUNNING;
                        store.merge(status("job-" + i, state, T0.plusSeconds(thread), thread + 1), JobStatuses::newer, (a, b) -> {
                        });
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(jobs, store.size());
        assertEquals(jobs, store.count(JobState.PUBLISHED), "the terminal status wins every race");
        List<JobStatus> all = store.list(null, jobs * 2);
        assertEquals(jobs, all.size(), "one index entry per job");
        Set<String> distinct = new HashSet<>(ids(all));
        assertEquals(jobs, distinct.size());
        assertEquals(jobs, store.list(JobState.PUBLISHED, jobs * 2).size());
        assertTrue(store.list(JobState.RUNNING, 10).isEmpty());
    }

    @Test
    void aLargeStatusIsStoredWhole() {
        JobStatus large = status("job-big", JobState.FAILED, T0, 20_000);
        store.put(large);
        JobStatus read = store.get("job-big").orElseThrow();
        assertEquals(20_000, read.history().size());
        assertEquals(large, read);
        assertEquals(List.of("job-big"), ids(store.list(JobState.FAILED, 1)));
    }

    @Test
    void nativeMemoryStaysWithinTheCacheAsDataOutgrowsIt() {
        long cache = 2L << 20;
        try (StatusStore small = StatusStore.open(temp.resolve("small"), cache, 1L << 20)) {
            for (int i = 0; i < 10_000; i++) {
                small.put(status("job-" + i, JobState.PUBLISHED, T0.plusMillis(i), 6));
            }
            for (int i = 0; i < 10_000; i += 7) {
                assertTrue(small.get("job-" + i).isPresent());
            }
            long used = small.nativeMemoryBytes();
            assertTrue(used > 0, "the cache holds something");
            // About 10 MB of statuses; the cache is charged with blocks and memtables, table readers add a little.
            assertTrue(used < cache + (512 << 10), "native memory " + used + " bytes with a " + cache + "-byte cache");
        }
    }

    @Test
    void aFullScanSeesEveryJob() {
        for (int i = 0; i < 100; i++) {
            store.put(status("job-" + i, i % 2 == 0 ? JobState.RUNNING : JobState.PUBLISHED, T0.plusSeconds(i)));
        }
        List<String> seen = new ArrayList<>();
        store.forEach(s -> seen.add(s.jobId()));
        assertEquals(100, new HashSet<>(seen).size());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.get(""));
        assertThrows(IllegalArgumentException.class, () -> StatusStore.open(temp.resolve("tiny"), 1024, 1024));
        assertThrows(IllegalArgumentException.class, () -> store.updatedBefore(null, T0, 1));
    }

    private static List<String> ids(List<JobStatus> statuses) {
        return statuses.stream().map(JobStatus::jobId).toList();
    }
}
