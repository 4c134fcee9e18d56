package dev.patchlane.pipeline.status;

import java.util.function.Supplier;

/**
 * Striped locks by job id: two records of one job handled at once in this process take turns, so the second sees the
 * status the first recorded before it judges its own transition.
 */
public final class JobLocks {

    private final Object[] stripes;

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
