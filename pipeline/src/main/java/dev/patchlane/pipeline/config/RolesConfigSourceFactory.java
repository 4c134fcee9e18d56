package dev.patchlane.pipeline.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code patchlane.roles} ({@code PATCHLANE_ROLES}) into {@code mp.messaging.incoming.<channel>.enabled=false}
 * for the channels of every role this process does not play, so it consumes none of their topics.
 */
public class RolesConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue roles = context.getValue("patchlane.roles");
        Set<Role> enabled = Role.parse(roles == null ? null : roles.getValue());
        Map<String, String> properties = new HashMap<>();
        for (Role role : Role.values()) {
            for (String channel : role.incomingChannels()) {
                // A channel several roles consume stays on when any of them is played here.
                properties.merge("mp.messaging.incoming." + channel + ".enabled", Boolean.toString(enabled.contains(role)),
                        (a, b) -> Boolean.toString(Boolean.parseBoolean(a) || Boolean.parseBoolean(b)));
            }
        }
        return List.of(new MapBackedConfigSource("patchlane-roles", properties, 275) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }
}
