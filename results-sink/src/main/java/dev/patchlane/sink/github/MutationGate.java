package dev.patchlane.sink.github;

import java.io.IOException;
import java.time.Duration;

/**
 * Decides when a mutating GitHub call on a credential's lane may start. GitHub's secondary rate limits count per
 * installation (or token), so every client that shares the credential must go through one gate: one JVM's with
 * {@link #jvm()}, every sink replica's with the Kafka-backed gate in {@code dev.patchlane.sink.pacing}.
 */
public interface MutationGate {

    /**
     * Blocks until a mutating call on {@code lane} may start, at least {@code spacing} after the lane's previous one.
     * The caller closes the turn when its call has ended.
     *
     * @throws IOException when the gate cannot tell (e.g. the broker behind it is unreachable); the call is not made
     */
    Turn enter(String lane, Duration spacing) throws IOException;

    /** A granted turn; closing it ends the call's hold on the lane. */
    @FunctionalInterface
    interface Turn extends AutoCloseable {

        @Override
        void close();
    }

    /** Shared by every client in this JVM, and by nothing outside it. */
    static MutationGate jvm() {
        return LocalMutationGate.JVM;
    }
}
