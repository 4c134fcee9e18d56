package dev.patchlane.sandbox.verify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of slots shared out in turn between keys (tenants): a freed slot goes to the next key that has a waiter,
 * round robin, and within one key first come, first served. A key that floods the queue waits behind itself, not in
 * front of everyone else.
 */
public final class FairSlots {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Deque<Waiter>> waiting = new LinkedHashMap<>();
    private int free;

    public FairSlots(int slots) {
        this.free = Math.max(1, slots);
    }

    public void acquire(String key) throws InterruptedException {
        String owner = key == null ? "" : key;
        lock.lock();
        try {
            if (free > 0 && waiting.isEmpty()) {
                free--;
                return;
            }
            Waiter waiter = new Waiter(lock.newCondition());
            waiting.computeIfAbsent(owner, k -> new ArrayDeque<>()).add(waiter);
            try {
                while (!waiter.granted) {
                    waiter.turn.await();
                }
            } catch (InterruptedException e) {
                if (waiter.granted) {
                    free++;
                    grantNext();
                } else {
                    remove(owner, waiter);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    public void release() {
        lock.lock();
        try {
            free++;
            grantNext();
        } finally {
            lock.unlock();
        }
    }

    /** Waiters not yet given a slot, for tests and reports. */
    public int waiting() {
        lock.lock();
        try {
            return waiting.values().stream().mapToInt(Deque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    // The key served next moves to the back of the order, so keys with waiters take turns.
    private void grantNext() {
        if (free == 0 || waiting.isEmpty()) {
            return;
        }
        String key = waiting.keySet().iterator().next();
        Deque<Waiter> queue = waiting.remove(key);
        Waiter next = queue.poll();
        if (!queue.isEmpty()) {
            waiting.put(key, queue);
        }
        free--;
        next.granted = true;
        next.turn.signal();
    }

    private void remove(String key, Waiter waiter) {
        Deque<Waiter> queue = waiting.get(key);
        if (queue != null) {
            queue.remove(waiter);
            if (queue.isEmpty()) {
                waiting.remove(key);
            }
        }
    }

    private static final class Waiter {
        private final Condition turn;
        private boolean granted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }
}
