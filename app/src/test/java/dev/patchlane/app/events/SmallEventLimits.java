package dev.patchlane.app.events;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Few event streams and a quick keep-alive, so the limit and the comments are seen in a test's time. */
public class SmallEventLimits implements QuarkusTestProfile {

    public static final int MAX_STREAMS = 4;
    public static final int BUFFER = 32;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("patchlane.events.max-streams", String.valueOf(MAX_STREAMS), "patchlane.events.keep-alive", "1s",
                "patchlane.events.buffer", String.valueOf(BUFFER), SmallSendBuffer.PROPERTY, "8192");
    }
}
