package dev.patchlane.sandbox.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FairSlotsTest {

    @Test
    void aFreedSlotGoesToTheNextTenantInTurnNotToTheLongestQueue() throws Exception {
        FairSlots slots = new FairSlots(1);
        slots.acquire("noisy");
        List<String> served = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            for (int i = 0; i < 5; i++) {
                enqueue(pool, slots, "noisy", served);
            }
            enqueue(pool, slots, "quiet", served);
            CountDownLatch seen = new CountDownLatch(1);
            while (slots.waiting() < 6) {
                seen.await(5, TimeUnit.MILLISECONDS);
            }
            slots.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (served.size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(6, served.size(), served.toString());
            assertEquals("noisy", served.get(0), "the first waiter of the first tenant in line");
            assertEquals("quiet", served.get(1), "then the quiet tenant, not four more noisy jobs: " + served);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSlotIsTakenAtOnceWhenFreeAndNoOneWaits() throws Exception {
        FairSlots slots = new FairSlots(2);
        slots.acquire("a");
        slots.acquire(null);
        assertEquals(0, slots.waiting());
        slots.release();
        slots.release();
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueAndItsSlotIsNotLost() throws Exception {
        FairSlots slots = new FairSlots(1);
        slots.acquire("a");
        Thread waiter = new Thread(() -> {
            try {
                slots.acquire("b");
            } catch (InterruptedException expected) {
                // leaves the queue
            }
        });
        waiter.start();
        while (slots.waiting() == 0) {
            Thread.sleep(1);
        }
        waiter.interrupt();
        waiter.join(5000);
        assertEquals(0, slots.waiting());
        slots.release();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> slots.acquire("c"), "the slot came back");
        slots.release();
    }

    private static void enqueue(ExecutorService pool, FairSlots slots, String tenant, List<String> served) throws InterruptedException {
        int before = slots.waiting();
        pool.submit(() -> {
            slots.acquire(tenant);
            served.add(tenant);
            Thread.sleep(20);
            slots.release();
            return null;
        });
        // Waiters queue in this order.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (slots.waiting() <= before && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
