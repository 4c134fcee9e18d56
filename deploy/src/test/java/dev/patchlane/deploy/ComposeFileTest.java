package dev.patchlane.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.pipeline.config.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** deploy/compose.yaml: KRaft Kafka plus one health-checked service per role; only ingest creates the topics. */
class ComposeFileTest {

    private static final JsonNode SERVICES = Manifests.compose().path("services");

    @Test
    void kafkaRunsInKraftMode() {
        JsonNode kafka = SERVICES.path("kafka");
        assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"), kafka.path("image").asText());
        assertEquals("broker,controller", kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText());
        assertTrue(kafka.path("healthcheck").path("test").toString().contains("kafka-broker-api-versions.sh"));
    }

    @Test
    void oneHealthCheckedServicePerRole() {
        Map<String, String> roleOfService = new TreeMap<>();
        SERVICES.fields().forEachRemaining(service -> {
            JsonNode roles = service.getValue().path("environment").path("PATCHLANE_ROLES");
            if (!roles.isMissingNode()) {
                roleOfService.put(service.getKey(), roles.asText());
                String check = service.getValue().path("healthcheck").path("test").toString();
                assertTrue(check.contains("/q/health") && check.contains("HealthProbe"), service.getKey() + ": " + check);
                assertEquals("kafka:9092", service.getValue().path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText());
            }
        });
        List<String> roles = new ArrayList<>(roleOfService.values());
        roles.sort(null);
        assertEquals(Arrays.stream(Role.values()).map(Role::configName).sorted().toList(), roles);
    }

    @Test
    void onlyIngestCreatesTopicsAndTheOthersWaitForIt() {
        SERVICES.fields().forEachRemaining(service -> {
            JsonNode env = service.getValue().path("environment");
            if (env.path("PATCHLANE_ROLES").isMissingNode()) {
                return;
            }
            boolean creates = env.path("PATCHLANE_KAFKA_CREATE_TOPICS").asText().equals("true");
            assertEquals(service.getKey().equals("ingest"), creates, service.getKey());
            String role = env.path("PATCHLANE_ROLES").asText();
            if (!role.equals("ingest") && !role.equals("emulator")) {
                assertEquals("service_healthy", service.getValue().path("depends_on").path("ingest").path("condition").asText(),
                        service.getKey() + " starts once the topics exist");
            }
        });
    }

    @Test
    void deepWorkersGetTheLongerDrain() {
        assertTrue(grace("deep-worker").compareTo(grace("fast-worker")) > 0);
    }

    private static Duration grace(String service) {
        return Duration.parse("PT" + SERVICES.path(service).path("stop_grace_period").asText().toUpperCase());
    }
}
