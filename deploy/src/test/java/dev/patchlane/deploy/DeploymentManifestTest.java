package dev.patchlane.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.pipeline.config.Role;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One Deployment per role with health probes, resources and a grace period longer than its drain; the Services. */
class DeploymentManifestTest {

    private static final List<Manifest> MANIFESTS = Manifests.kubernetes();
    /** The image's user (deploy/image/build-base-image.sh, quarkus.jib.user). */
    private static final int IMAGE_USER = 185;

    @Test
    void everyRoleHasOneDeployment() {
        List<String> roles = Manifests.ofKind(MANIFESTS, "Deployment").stream().map(d -> rolesOf(d.resource())).sorted().toList();
        assertEquals(Arrays.stream(Role.values()).map(Role::configName).sorted().toList(), roles);
    }

    @Test
    void containersProbeSmallRyeHealthAndDeclareResources() {
        for (Manifest deployment : Manifests.ofKind(MANIFESTS, "Deployment")) {
            JsonNode pod = deployment.resource().path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            String name = deployment.name();
            assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText(), name);
            assertEquals("http", container.path("readinessProbe").path("httpGet").path("port").asText(), name);
            assertTrue(portNames(container).contains("http"), name);
            assertFalse(container.path("resources").path("requests").path("cpu").asText().isEmpty(), name);
            assertFalse(container.path("resources").path("limits").path("memory").asText().isEmpty(), name);
            assertEquals(IMAGE_USER, pod.path("securityContext").path("runAsUser").asInt(), name);
            JsonNode labels = deployment.resource().path("spec").path("template").path("metadata").path("labels");
            deployment.resource().path("spec").path("selector").path("matchLabels").fields()
                    .forEachRemaining(e -> assertEquals(e.getValue(), labels.path(e.getKey()), name + " selects its own pods"));
        }
    }

    @Test
    void theGracePeriodOutlastsTheDrain() {
        for (Manifest deployment : Manifests.ofKind(MANIFESTS, "Deployment")) {
            Duration drain = Duration.parse("PT" + env(deployment.resource(), "PATCHLANE_SHUTDOWN_DRAIN_TIMEOUT").toUpperCase());
            long grace = deployment.resource().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong();
            assertTrue(grace >= drain.toSeconds() + 10, deployment.name() + ": " + grace + " s grace for a " + drain + " drain");
        }
        assertTrue(grace("patchlane-deep-worker") > grace("patchlane-fast-worker"), "a deep attempt drains longer than a fast one");
    }

    @Test
    void servicesSelectTheirRolesPods() {
        for (Manifest service : Manifests.ofKind(MANIFESTS, "Service")) {
            JsonNode selector = service.resource().path("spec").path("selector");
            String component = selector.path("app.kubernetes.io/component").asText();
            JsonNode deployment = deployment("patchlane-" + component);
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            selector.fields().forEachRemaining(e -> assertEquals(e.getValue(), labels.path(e.getKey()), service.name()));
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            for (JsonNode port : service.resource().path("spec").path("ports")) {
                assertTrue(portNames(container).contains(port.path("targetPort").asText()), service.name() + " targets a named port");
            }
        }
        assertEquals(Set.of("patchlane-ingest", "patchlane-emulator"),
                Manifests.ofKind(MANIFESTS, "Service").stream().map(Manifest::name).collect(Collectors.toSet()));
    }

    @Test
    void theSharedConfigPointsAtTheStrimziClusterAndLeavesTopicsToIt() {
        Manifest kafka = Manifests.ofKind(MANIFESTS, "Kafka").get(0);
        JsonNode plain = kafka.resource().path("spec").path("kafka").path("listeners").get(0);
        JsonNode config = Manifests.ofKind(MANIFESTS, "ConfigMap").get(0).resource().path("data");
        assertEquals(kafka.name() + "-kafka-bootstrap:" + plain.path("port").asInt(), config.path("KAFKA_BOOTSTRAP_SERVERS").asText());
        assertEquals("false", config.path("PATCHLANE_KAFKA_CREATE_TOPICS").asText());
        int brokers = Manifests.ofKind(MANIFESTS, "KafkaNodePool").stream()
                .mapToInt(pool -> pool.resource().path("spec").path("replicas").asInt()).sum();
        TopicManifestTest.topics().forEach((name, spec) -> assertTrue(spec.path("replicas").asInt() <= brokers, name));
    }

    static JsonNode deployment(String name) {
        return Manifests.ofKind(MANIFESTS, "Deployment").stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name)).resource();
    }

    static String rolesOf(JsonNode deployment) {
        return env(deployment, "PATCHLANE_ROLES");
    }

    static Role role(String roles) {
        Set<Role> parsed = Role.parse(roles);
        assertEquals(1, parsed.size(), roles + " is one role");
        return parsed.iterator().next();
    }

    private static long grace(String name) {
        return deployment(name).path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong();
    }

    private static String env(JsonNode deployment, String variable) {
        for (JsonNode entry : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            if (entry.path("name").asText().equals(variable)) {
                return entry.path("value").asText();
            }
        }
        throw new AssertionError(deployment.path("metadata").path("name").asText() + " sets no " + variable);
    }

    private static Set<String> portNames(JsonNode container) {
        Set<String> names = new java.util.HashSet<>();
        container.path("ports").forEach(port -> names.add(port.path("name").asText()));
        return names;
    }
}
