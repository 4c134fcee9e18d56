package dev.patchlane.sink.github;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Sends mutating requests one at a time per credential, {@code spacing} apart, across every connector in the JVM
 * that names the same lane; reads pass straight through. The spacing is real time, not a {@link Sleeper} wait, because
 * the lane is shared by instances that each have their own sleeper.
 */
final class PacedConnector implements GitHubConnector {

    private static final Set<String> MUTATING = Set.of("POST", "PATCH", "PUT", "DELETE");
    private static final ConcurrentMap<String, Lane> LANES = new ConcurrentHashMap<>();

    private final Lane lane;
    private final Duration spacing;
    private final GitHubConnector delegate;

    PacedConnector(String laneKey, Duration spacing, GitHubConnector delegate) {
        this.lane = LANES.computeIfAbsent(laneKey, key -> new Lane());
        this.spacing = spacing;
        this.delegate = delegate;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        if (!MUTATING.contains(request.method())) {
            return delegate.send(request);
        }
        try {
            lane.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        try {
            lane.awaitSpacing(spacing);
            return delegate.send(request);
        } finally {
            lane.lastEnded = System.nanoTime();
            lane.used = true;
            lane.lock.unlock();
        }
    }

    private static InterruptedIOException interrupted(InterruptedException e) {
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
