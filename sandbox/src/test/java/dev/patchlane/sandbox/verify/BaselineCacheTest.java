package dev.patchlane.sandbox.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.patchlane.contracts.CheckStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The base commit's checks run once for every job waiting on them, and only conclusive results are kept. */
class BaselineCacheTest {

    private static final Map<String, CheckStatus> RED = Map.of("build", CheckStatus.FAILED);

    @Test
    void concurrentJobsOnOneBaseWaitForTheOneRun() throws Exception {
        BaselineCache cache = new BaselineCache(8);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, CheckStatus>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.get("repo@abc", () -> {
                    runs.incrementAndGet();
                    inside.countDown();
                    await(release);
                    return RED;
                }, b -> true)));
            }
            inside.await(5, TimeUnit.SECONDS);
            release.countDown();
            for (Future<Map<String, CheckStatus>> result : results) {
                assertEquals(RED, result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, runs.get());
            assertEquals(RED, cache.get("repo@abc", () -> {
                throw new AssertionError("cached");
            }, b -> true));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInconclusiveBaselineAnswersItsWaitersAndIsRunAgainLater() {
        BaselineCache cache = new BaselineCache(8);
        AtomicInteger runs = new AtomicInteger();
        Map<String, CheckStatus> timedOut = Map.of("build", CheckStatus.TIMED_OUT);
        assertEquals(timedOut, cache.get("k", () -> {
            runs.incrementAndGet();
            return timedOut;
        }, b -> false));
        cache.get("k", () -> {
            runs.incrementAndGet();
            return RED;
        }, b -> true);
        assertEquals(2, runs.get());
        assertEquals(1, cache.size());
    }

    @Test
    void aFailureReachesTheCallerAndIsNotCached() {
        BaselineCache cache = new BaselineCache(8);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> cache.get("k", () -> {
            throw new IllegalStateException("no checkout");
        }, b -> true));
        assertEquals("no checkout", failure.getMessage());
        assertEquals(0, cache.size());
        assertEquals(RED, cache.get("k", () -> RED, b -> true));
    }

    @Test
    void theLeastRecentlyUsedBaseIsEvicted() {
        BaselineCache cache = new BaselineCache(2);
        cache.get("a", () -> RED, b -> true);
        cache.get("b", () -> RED, b -> true);
        cache.get("a", () -> RED, b -> true);
        cache.get("c", () -> RED, b -> true);
        assertEquals(2, cache.size());
        AtomicInteger runs = new AtomicInteger();
        cache.get("a", () -> {
            runs.incrementAndGet();
            return RED;
        }, b -> true);
        assertEquals(0, runs.get(), "a was used recently and is kept");
        cache.get("b", () -> {
            runs.incrementAndGet();
            return RED;
        }, b -> true);
        assertEquals(1, runs.get(), "b was the eldest and is run again");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
