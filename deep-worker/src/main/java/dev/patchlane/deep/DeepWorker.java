package dev.patchlane.deep;

import dev.patchlane.contracts.Lane;
import dev.patchlane.worker.LaneConsumer;
import dev.patchlane.worker.LaneSettings;
import dev.patchlane.worker.agent.AgentSolver;
import dev.patchlane.worker.solve.Solver;
import dev.patchlane.worker.verify.PatchVerification;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes the deep lane's topic; each job may stream for minutes, so the channel tolerates long unacknowledged records. */
@ApplicationScoped
public class DeepWorker extends LaneConsumer {

    @Inject
    DeepLaneConfig config;

    @Inject
    @Channel("deep-outcomes")
    MutinyEmitter<byte[]> outcomes;

    public DeepWorker() {
        super(Lane.DEEP);
    }

    @Override
    protected LaneSettings settings() {
        return config;
    }

    @Override
    protected Solver patchSolver(PatchVerification verification) {
        return new AgentSolver(verification, config.agent());
    }

    @Override
    protected MutinyEmitter<byte[]> outcomes() {
        return outcomes;
    }

    @Incoming("jobs-deep")
    @Blocking(value = "deep-lane", ordered = false)
    public void work(byte[] record) {
        handle(record);
    }
}
