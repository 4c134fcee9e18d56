package dev.patchlane.app.support;

import dev.patchlane.app.kafka.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real KRaft broker in the test JVM, as the embedded default runs it. */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafkaBroker broker;

    @Override
    public synchronized Map<String, String> start() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start(TestPipeline.dataDir().resolve("kafka"));
        }
        Map<String, String> config = TestPipeline.config();
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test profile in this JVM; the JVM's exit ends it.
    }

    public static String bootstrapServers() {
        return broker.bootstrapServers();
    }
}
