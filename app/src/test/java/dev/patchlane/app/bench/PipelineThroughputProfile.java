package dev.patchlane.app.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Every role in one process with a fast lane that decodes in about a millisecond (no time to first token, a billion
 * tokens/s, the device's 1 ms minimum tick), patches published to files only, and no quota in the way: what remains per
 * job is the pipeline's own work (Kafka writes, status judgements, a repository snapshot per stage, the patch applied and
 * safety-checked, the patch file written).
 */
public class PipelineThroughputProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("patchlane.lane.fast.emulator.time-to-first-token", "0ms");
        config.put("patchlane.lane.fast.emulator.tokens-per-second", "1000000000");
        config.put("patchlane.lane.fast.emulator.chunk-interval", "1ms");
        config.put("patchlane.lane.fast.emulator.concurrent-streams", "256");
        config.put("patchlane.publish.targets", "patch-file");
        config.put("patchlane.quotas.max-in-flight", "10000000");
        return config;
    }
}
