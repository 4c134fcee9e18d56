package dev.patchlane.pipeline.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The stages one binary can play; each owns the incoming channels it consumes. */
public enum Role {
    INGEST(List.of("status-view", "webhooks-in", "migrations-view", "migrations-run"), true),
    // Every stage reads the status view: it judges each write against the job's current status.
    ROUTER(List.of("submitted", "outcomes-router", "migrations-view", "status-view"), true),
    FAST_WORKER(List.of("jobs-fast", "migrations-view", "status-view"), true),
    DEEP_WORKER(List.of("jobs-deep", "migrations-view", "status-view"), true),
    SINK(List.of("outcomes-sink", "status-view", "status-checks"), true),
    /** Serves the decoder emulator over HTTP in OpenAI's wire format; only when named, never part of {@code all}. */
    EMULATOR(List.of(), false);

    private final List<String> incomingChannels;
    private final boolean pipelineStage;

    Role(List<String> incomingChannels, boolean pipelineStage) {
        this.incomingChannels = incomingChannels;
        this.pipelineStage = pipelineStage;
    }

    public List<String> incomingChannels() {
        return incomingChannels;
    }

    /** The name used in {@code PATCHLANE_ROLES}, e.g. {@code fast-worker}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a comma-separated list such as {@code router,sink}; {@code all} or blank means every pipeline stage, and
     * {@code all,emulator} adds the emulator.
     */
    public static Set<Role> parse(String value) {
        if (value == null || value.isBlank()) {
            return pipeline();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : value.split(",")) {
            String wanted = name.strip();
            if (wanted.isEmpty()) {
                continue;
            }
            if (wanted.equalsIgnoreCase("all")) {
                roles.addAll(pipeline());
                continue;
            }
            roles.add(Arrays.stream(values()).filter(r -> r.configName().equalsIgnoreCase(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown role '" + wanted + "'; roles are "
                            + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", ")) + " or all")));
        }
        return roles;
    }

    private static Set<Role> pipeline() {
        Set<Role> stages = EnumSet.noneOf(Role.class);
        Arrays.stream(values()).filter(role -> role.pipelineStage).forEach(stages::add);
        return stages;
    }
}
