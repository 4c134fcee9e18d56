package dev.patchlane.pipeline.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The stages one binary can play; each owns the incoming channels it consumes. */
public enum Role {
    INGEST(List.of("status-view", "webhooks-in", "migrations-view", "migrations-run")),
    ROUTER(List.of("submitted", "outcomes-router", "migrations-view")),
    FAST_WORKER(List.of("jobs-fast", "migrations-view")),
    DEEP_WORKER(List.of("jobs-deep", "migrations-view")),
    SINK(List.of("outcomes-sink"));

    private final List<String> incomingChannels;

    Role(List<String> incomingChannels) {
        this.incomingChannels = incomingChannels;
    }

    public List<String> incomingChannels() {
        return incomingChannels;
    }

    /** The name used in {@code PATCHLANE_ROLES}, e.g. {@code fast-worker}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a comma-separated list such as {@code router,sink}; {@code all} or blank means every role. */
    public static Set<Role> parse(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("all")) {
            return EnumSet.allOf(Role.class);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : value.split(",")) {
            String wanted = name.strip();
            if (wanted.isEmpty()) {
                continue;
            }
            roles.add(Arrays.stream(values()).filter(r -> r.configName().equalsIgnoreCase(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown role '" + wanted + "'; roles are "
                            + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", ")) + " or all")));
        }
        return roles;
    }
}
