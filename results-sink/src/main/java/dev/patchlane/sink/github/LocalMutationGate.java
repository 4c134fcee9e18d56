package dev.patchlane.sink.github;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets mutating calls through one at a time per lane, {@code spacing} after the end of the previous one, among the
 * clients of this gate. The spacing is real time, not a {@link Sleeper} wait, because the lane is shared by clients that
 * each have their own sleeper.
 */
public final class LocalMutationGate implements MutationGate {

    static final LocalMutationGate JVM = new LocalMutationGate();

    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

    @Override
    public Turn enter(String laneKey, Duration spacing) throws InterruptedIOException {
        Lane lane = lanes.computeIfAbsent(laneKey, key -> new Lane());
        try {
            lane.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        try {
            lane.awaitSpacing(spacing);
        } catch (InterruptedIOException | RuntimeException e) {
            lane.lock.unlock();
            throw e;
        }
        return () -> {
            lane.lastEnded = System.nanoTime();
            lane.used = true;
            lane.lock.unlock();
        };
    }

    static InterruptedIOException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return (InterruptedIOException) new InterruptedIOException("Interrupted waiting to send to GitHub").initCause(e);
    }

    private static final class Lane {

        final ReentrantLock lock = new ReentrantLock(true);
        // guarded by lock
        long lastEnded;
        boolean used;

        void awaitSpacing(Duration spacing) throws InterruptedIOException {
            if (!used) {
                return;
            }
            long remaining;
            while ((remaining = lastEnded + spacing.toNanos() - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(remaining);
                } catch (InterruptedException e) {
                    throw interrupted(e);
                }
            }
        }
    }
}
