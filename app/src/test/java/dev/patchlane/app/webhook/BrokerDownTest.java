package dev.patchlane.app.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.kafka.EmbeddedKafkaBroker;
import dev.patchlane.app.support.Deliveries;
import dev.patchlane.app.support.TestPipeline;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the broker gone, a delivery gets 503 within GitHub's 10 s timeout, so GitHub shows it as failed: never 2xx and dropped. */
@QuarkusTest
@TestProfile(BrokerDownTest.OwnBroker.class)
class BrokerDownTest {

    /** A broker of this test's own, which the test stops. */
    public static class OwnBroker implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("patchlane.roles", "ingest");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Resource.class));
        }
    }

    /** Starts the broker the test later stops. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {

        private static EmbeddedKafkaBroker broker;
        private static boolean stopped;

        static synchronized void stopBroker() {
            if (!stopped) {
                stopped = true;
                broker.close();
            }
        }

        @Override
        public Map<String, String> start() {
            try {
                broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("patchlane-broker-down-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = TestPipeline.config();
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            // The consumers of a stopped broker must not hold the next test class back when this application stops.
            config.put("mp.messaging.connector.smallrye-kafka.close-timeout", "1000");
            return config;
        }

        @Override
        public void stop() {
            stopBroker();
        }
    }

    @Test
    void aDeliveryThatCannotBeStoredGets503() {
        Response before = Deliveries.send("issues", Deliveries.newDeliveryId(), Deliveries.fixture("issues-opened-unlabeled"));
        assertEquals(200, before.statusCode(), "the service answers while the broker is up: " + before.asString());
        Resource.stopBroker();

        long start = System.nanoTime();
        Response response = Deliveries.send("issues", Deliveries.newDeliveryId(), Deliveries.fixture("issues-opened-labeled"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, response.statusCode(), response.asString());
        assertTrue(millis < 10_000, "answered in " + millis + " ms, within GitHub's 10 s");
    }
}
