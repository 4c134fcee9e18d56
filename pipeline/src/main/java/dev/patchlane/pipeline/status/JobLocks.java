package dev.patchlane.pipeline.status;

import java.util.function.Supplier;

/**
 * Striped locks by job id: two records of one job handled at once in this process take turns, so the second sees the
 * status the first recorded before it judges its own transition.
 */
public final class JobLocks {

    /**
     * Far more stripes than a stage runs jobs at once (256 fast-lane streams, up to 200 router threads), so two different
     * jobs seldom share one: with 64, most of a busy router's threads queued behind another job's lock.
     */
    public static final int STRIPES = 4096;

    private final Object[] stripes;

    public JobLocks() {
        this(STRIPES);
    }

    public JobLocks(int stripes) {
        this.stripes = new Object[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Object();
        }
    }

    public void run(String jobId, Runnable work) {
        call(jobId, () -> {
            work.run();
            return null;
        });
    }

    public <T> T call(String jobId, Supplier<T> work) {
        synchronized (stripes[Math.floorMod(jobId.hashCode(), stripes.length)]) {
            return work.get();
        }
    }
}
