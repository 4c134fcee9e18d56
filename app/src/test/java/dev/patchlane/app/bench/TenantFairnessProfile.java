package dev.patchlane.app.bench;

import dev.patchlane.ingest.auth.TokenGenerator;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole pipeline with three more tenants: {@code quiet}, {@code noisy} with a max-in-flight quota, and
 * {@code noisy-unlimited}, the same neighbour under the default limit only, so one process measures both.
 */
public class TenantFairnessProfile implements QuarkusTestProfile {

    static final String QUIET = "pl_bench-quiet-submit-read";
    static final String NOISY = "pl_bench-noisy-submit-read";
    static final String NOISY_UNLIMITED = "pl_bench-noisy-unlimited-submit-read";

    /**
     * The noisy tenant's jobs in flight at most. Every stage takes its input in arrival order, so this bounds how many of
     * its jobs can queue ahead of another tenant's in each one: 32 is an eighth of the fast lane's 256 in-flight slots
     * and half the emulator's 64 streams, so the noisy tenant alone fills neither, and at the two check slots of a
     * two-core worker it is at most 16 verifications' wait.
     */
    static final int NOISY_MAX_IN_FLIGHT = Integer.getInteger("bench.noisy-max-in-flight", 32);

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        token(config, "bench-quiet", "quiet", QUIET);
        token(config, "bench-noisy", "noisy", NOISY);
        token(config, "bench-noisy-unlimited", "noisy-unlimited", NOISY_UNLIMITED);
        config.put("patchlane.quotas.tenants.noisy.max-in-flight", Integer.toString(NOISY_MAX_IN_FLIGHT));
        return config;
    }

    private static void token(Map<String, String> config, String name, String tenant, String token) {
        config.put("patchlane.auth.tokens." + name + ".tenant", tenant);
        config.put("patchlane.auth.tokens." + name + ".sha256", TokenGenerator.sha256Hex(token));
        config.put("patchlane.auth.tokens." + name + ".scopes", "submit,read");
    }
}
