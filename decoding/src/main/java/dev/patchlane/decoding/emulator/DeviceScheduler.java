package dev.patchlane.decoding.emulator;

/** The one thread an emulated device runs on, and its clock; tests replace it with a manual clock. */
interface DeviceScheduler extends AutoCloseable {

    long nanoTime();

    /** Runs the task after those already submitted, never at the same time as another. */
    void execute(Runnable task);

    void schedule(Runnable task, long delayNanos);

    @Override
    void close();
}
