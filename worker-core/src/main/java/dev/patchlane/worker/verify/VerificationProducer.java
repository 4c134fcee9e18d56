package dev.patchlane.worker.verify;

import dev.patchlane.pipeline.config.PatchlaneConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One verification step per process, shared by both lanes: one sandbox probe, one baseline cache, one workspace root. */
public class VerificationProducer {

    @Produces
    @Singleton
    PatchVerification verification(VerifyConfig config, PatchlaneConfig patchlane) {
        return PatchVerification.create(config, patchlane.dataDir().resolve("workspaces"));
    }
}
