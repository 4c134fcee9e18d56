package dev.patchlane.fast;

import dev.patchlane.contracts.Lane;
import dev.patchlane.worker.LaneConsumer;
import dev.patchlane.worker.LaneSettings;
import dev.patchlane.worker.solve.SingleShotSolver;
import dev.patchlane.worker.solve.Solver;
import dev.patchlane.worker.verify.PatchVerification;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes the fast lane's topic; many jobs run at once, each on a short, interruptible stream. */
@ApplicationScoped
public class FastWorker extends LaneConsumer {

    @Inject
    FastLaneConfig config;

    @Inject
    @Channel("fast-outcomes")
    MutinyEmitter<byte[]> outcomes;

    public FastWorker() {
        super(Lane.FAST);
    }

    @Override
    protected LaneSettings settings() {
        return config;
    }

    @Override
    protected Solver patchSolver(PatchVerification verification) {
        return new SingleShotSolver(verification);
    }

    @Override
    protected MutinyEmitter<byte[]> outcomes() {
        return outcomes;
    }

    @Incoming("jobs-fast")
    @Blocking(value = "fast-lane", ordered = false)
    public void work(byte[] record) {
        handle(record);
    }
}
