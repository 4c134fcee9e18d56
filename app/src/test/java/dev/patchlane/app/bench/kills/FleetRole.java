package dev.patchlane.app.bench.kills;

import dev.patchlane.contracts.Topics;
import java.util.Map;

/**
 * A role of the fleet, the consumer groups it joins (one member per process) and the topic each group reads.
 *
 * @param configName the name in {@code PATCHLANE_ROLES}
 * @param groups consumer group id to the topic it consumes
 */
public record FleetRole(String configName, Map<String, String> groups) {

    public static final FleetRole INGEST = new FleetRole("ingest", Map.of());
    public static final FleetRole ROUTER = new FleetRole("router",
            Map.of("patchlane-router", Topics.SUBMITTED, "patchlane-router-escalation", Topics.OUTCOMES));
    public static final FleetRole FAST_WORKER = new FleetRole("fast-worker", Map.of("patchlane-fast-worker", Topics.FAST));
    public static final FleetRole DEEP_WORKER = new FleetRole("deep-worker", Map.of("patchlane-deep-worker", Topics.DEEP));
    public static final FleetRole SINK = new FleetRole("sink", Map.of("patchlane-sink", Topics.OUTCOMES));
}
