package dev.patchlane.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeCollector;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.StreamGuard;
import dev.patchlane.worker.support.TestConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lane's decoder as {@link LaneConsumer} builds it from configuration. */
class DecodersTest {

    @ConfigMapping(prefix = "patchlane.lane.test")
    interface TestLane extends LaneSettings {
    }

    @Test
    void anEmulatedLaneDecoderStopsItsDeviceThreadWhenClosed() throws Exception {
        Map<String, String> props = lane("emulator");
        props.put("patchlane.lane.test.emulator.time-to-first-token", "1ms");
        props.put("patchlane.lane.test.emulator.tokens-per-second", "100000");
        Decoder decoder = Decoders.forLane("closetest", settings(props), emulatorConfig(props));
        DecodeCollector.collect(decoder, new DecodeRequest(List.of(ChatMessage.user("say hello")), 16, null), StreamGuard.NONE,
                Duration.ofSeconds(10));
        assertTrue(deviceThreadAlive(), "the emulated device thread runs while the lane decodes");

        assertTrue(decoder instanceof AutoCloseable, "the lane's decoder owns a device thread, so it must be closeable: " + decoder);
        ((AutoCloseable) decoder).close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (deviceThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(deviceThreadAlive(), "closing the lane's decoder stops the emulated device thread");
    }

    @Test
    void anEndpointUrlThatIsNoUrlFailsNamingTheProperty() {
        Map<String, String> props = lane("openai");
        props.put("patchlane.lane.test.endpoint.model", "m");
        for (String url : List.of("http://host with space/v1", "localhost:8000/v1", "ftp://example.com/v1")) {
            props.put("patchlane.lane.test.endpoint.base-url", url);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Decoders.forLane("test", settings(props), emulatorConfig(props)));
            assertTrue(e.getMessage().contains("patchlane.lane.test.endpoint.base-url"), e.getMessage());
        }
    }

    @Test
    void anUnknownEmulatorProfileFailsNamingTheProperty() {
        Map<String, String> props = lane("emulator");
        props.put("patchlane.lane.test.emulator.model", "no-such-model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Decoders.forLane("test", settings(props), emulatorConfig(props)));
        assertTrue(e.getMessage().contains("patchlane.lane.test.emulator.model"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
    }

    @Test
    void theEndpointTakesTheDocumentedDefaults() {
        Map<String, String> props = lane("openai");
        props.put("patchlane.lane.test.endpoint.base-url", "http://localhost:8000/v1");
        props.put("patchlane.lane.test.endpoint.model", "m");
        var endpoint = Decoders.endpoint("test", settings(props));
        assertEquals("OPENAI_API_KEY", endpoint.apiKeyEnv());
        assertEquals(64, endpoint.maxConcurrentRequests());
        assertEquals(Duration.ofSeconds(10), endpoint.connectTimeout());
        assertEquals(Duration.ofSeconds(60), endpoint.readTimeout());
        assertEquals("max_completion_tokens", endpoint.maxTokensField());
    }

    private static boolean deviceThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("emulator-closetest") && t.isAlive());
    }

    private static Map<String, String> lane(String decoder) {
        Map<String, String> props = new HashMap<>();
        props.put("patchlane.lane.test.decoder", decoder);
        props.put("patchlane.lane.test.max-output-tokens", "256");
        props.put("patchlane.lane.test.timeout", "30s");
        props.put("patchlane.lane.test.early-abort-chars", "0");
        props.put("patchlane.lane.test.price.input-per-million", "1");
        props.put("patchlane.lane.test.price.output-per-million", "2");
        props.put("patchlane.lane.test.emulator.model", "codex-spark-class");
        props.put("patchlane.lane.test.emulator.hardware", "wse3");
        props.put("patchlane.lane.test.emulator.concurrent-streams", "4");
        props.put("patchlane.lane.test.endpoint.context-window", "128000");
        return props;
    }

    private static SmallRyeConfig config(Map<String, String> props) {
        return new SmallRyeConfigBuilder().withMapping(TestLane.class).withMapping(EmulatorConfig.class)
                .withConverter(Duration.class, 200, TestConfig::duration)
                .withSources(new PropertiesConfigSource(props, "test", 100)).build();
    }

    private static LaneSettings settings(Map<String, String> props) {
        return config(props).getConfigMapping(TestLane.class);
    }

    private static EmulatorConfig emulatorConfig(Map<String, String> props) {
        return config(props).getConfigMapping(EmulatorConfig.class);
    }
}
