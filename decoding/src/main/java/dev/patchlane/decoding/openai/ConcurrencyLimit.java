package dev.patchlane.decoding.openai;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code max} holders at once, without blocking a thread: a ticket that finds no free slot waits in a queue and
 * its action runs, on the releasing thread, when a slot frees. Releasing a waiting ticket removes it from the queue.
 */
final class ConcurrencyLimit {

    private final int max;
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private int held;

    ConcurrencyLimit(int max) {
        this.max = max;
    }

    Ticket ticket() {
        return new Ticket();
    }

    synchronized int held() {
        return held;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private enum State { NEW, WAITING, HOLDING, RELEASED }

    final class Ticket {
        private State state = State.NEW;
        private Runnable action;

        /** Runs the action now if a slot is free, else when one frees; never if the ticket is released first. */
        void whenGranted(Runnable whenGranted) {
            synchronized (ConcurrencyLimit.this) {
                if (state != State.NEW) {
                    return;
                }
                action = whenGranted;
                if (held >= max) {
                    state = State.WAITING;
                    waiting.addLast(this);
                    return;
                }
                held++;
                state = State.HOLDING;
            }
            whenGranted.run();
        }

        /** Gives the slot back, or leaves the queue; idempotent. */
        void release() {
            Ticket next;
            synchronized (ConcurrencyLimit.this) {
                State was = state;
                state = State.RELEASED;
                if (was == State.WAITING) {
                    waiting.remove(this);
                    return;
                }
                if (was != State.HOLDING) {
                    return;
                }
                next = waiting.pollFirst();
                if (next == null) {
                    held--;
                    return;
                }
                next.state = State.HOLDING;
            }
            next.action.run();
        }
    }
}
