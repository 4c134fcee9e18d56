package dev.patchlane.pipeline.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts a process is running, and the gate that closes when it stops: once {@link #drain} has begun nothing new is
 * admitted, and once it has timed out no attempt may start writing what it finished ({@link #requireKept}).
 */
public final class InFlight {

    private final List<String> running = new ArrayList<>();
    private final List<String> finishing = new ArrayList<>();
    private boolean draining;
    private boolean abandoned;

    /** Starts an attempt for {@code key}, or throws {@link HandedBack} once the process is draining. */
    public synchronized void admit(String key) {
        if (draining) {
            throw new HandedBack(key, "not started: the process is stopping");
        }
        running.add(key);
    }

    public synchronized void leave(String key) {
        running.remove(key);
        finishing.remove(key);
        notifyAll();
    }

    /**
     * Called before an attempt writes its result: throws {@link HandedBack} once the drain has given up, else the attempt
     * is finishing and the drain waits for its writes.
     */
    public synchronized void requireKept(String key) {
        if (abandoned) {
            throw new HandedBack(key, "not finished within the drain timeout: handed back");
        }
        if (running.contains(key) && !finishing.contains(key)) {
            finishing.add(key);
        }
    }

    public synchronized boolean draining() {
        return draining;
    }

    /** Stops admitting attempts. */
    public synchronized void drainBegins() {
        draining = true;
    }

    /**
     * Stops admitting attempts, waits up to {@code timeout} for those running, then abandons the rest; an attempt already
     * writing its result is waited for up to {@code settle} more, so it is not cut between its outcome and its status.
     */
    public synchronized DrainReport drain(Duration timeout, Duration settle) {
        draining = true;
        List<String> atStart = List.copyOf(running);
        long start = System.nanoTime();
        boolean interrupted = awaitUntil(start + timeout.toNanos(), true);
        abandoned = true;
        if (!interrupted) {
            interrupted = awaitUntil(System.nanoTime() + settle.toNanos(), false);
        }
        List<String> unfinished = List.copyOf(running);
        List<String> finished = new ArrayList<>(atStart);
        unfinished.forEach(finished::remove);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new DrainReport(atStart, finished, unfinished, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Waits for every running attempt ({@code all}) or every finishing one to leave; true when interrupted. */
    private boolean awaitUntil(long deadline, boolean all) {
        while (all ? !running.isEmpty() : !finishing.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the calling thread, and with it its record, unacknowledged until the process exits: an acknowledged record
     * would be committed, a failed one dead-lettered. Interruptions (the worker pool's forced shutdown) are ignored.
     */
    public void hold() {
        Object never = new Object();
        synchronized (never) {
            while (true) {
                try {
                    never.wait();
                } catch (InterruptedException e) {
                    // the record must stay unacknowledged whatever asks this thread to stop
                }
            }
        }
    }
}
