package dev.patchlane.worker.support;

import dev.patchlane.worker.LaneSettings;
import dev.patchlane.worker.agent.AgentSettings;
import dev.patchlane.worker.verify.VerifyConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The lane and verification settings a test gives, read through the real config mappings and their defaults. */
public final class TestConfig {

    @ConfigMapping(prefix = "patchlane.lane.test")
    public interface TestLane extends LaneSettings {
        AgentSettings agent();
    }

    private final Map<String, String> props = new HashMap<>();

    public TestConfig() {
        props.put("patchlane.lane.test.decoder", "emulator");
        props.put("patchlane.lane.test.max-output-tokens", "4096");
        props.put("patchlane.lane.test.timeout", "60s");
        props.put("patchlane.lane.test.early-abort-chars", "0");
        props.put("patchlane.lane.test.price.input-per-million", "1.25");
        props.put("patchlane.lane.test.price.output-per-million", "10");
        props.put("patchlane.lane.test.emulator.model", "codex-class");
        props.put("patchlane.lane.test.emulator.hardware", "h100");
        props.put("patchlane.lane.test.emulator.concurrent-streams", "4");
        props.put("patchlane.lane.test.endpoint.context-window", "192000");
    }

    public TestConfig set(String key, String value) {
        props.put(key, value);
        return this;
    }

    public TestLane lane() {
        return config().getConfigMapping(TestLane.class);
    }

    public VerifyConfig verify() {
        return config().getConfigMapping(VerifyConfig.class);
    }

    private SmallRyeConfig config() {
        return new SmallRyeConfigBuilder().withMapping(TestLane.class).withMapping(VerifyConfig.class)
                .withConverter(Duration.class, 200, TestConfig::duration)
                .withSources(new PropertiesConfigSource(props, "test", 100)).build();
    }

    /** Quarkus's duration syntax ({@code 500ms}, {@code 10s}, {@code 5m}), which plain SmallRye Config lacks. */
    public static Duration duration(String value) {
        value = value.strip();
        if (value.isEmpty()) {
            return null;
        }
        return value.endsWith("ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                : Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
    }
}
