package dev.patchlane.decoding.emulator;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A device thread on a clock the test moves: tasks run on the test's thread, in time order, when it advances. */
final class ManualScheduler implements DeviceScheduler {

    private record Task(long at, long sequence, Runnable body) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::sequence));
    private long now = 1_000_000_000L;
    private long sequence;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(new Task(now, sequence++, task));
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(now + Math.max(0, delayNanos), sequence++, task));
    }

    /** Runs everything due now, including what those tasks submit for now. */
    void runPending() {
        advance(Duration.ZERO);
    }

    void advance(Duration duration) {
        long until = now + duration.toNanos();
        while (!tasks.isEmpty() && tasks.peek().at() <= until) {
            Task task = tasks.poll();
            now = Math.max(now, task.at());
            task.body().run();
        }
        now = until;
    }

    @Override
    public void close() {
        tasks.clear();
    }
}
