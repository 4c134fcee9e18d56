package dev.patchlane.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The manifests under deploy/kubernetes against the Kubernetes and CRD schemas, and proof that the validator rejects what
 * the API server would: each negative case breaks one field of a real manifest (valid as a whole, see the first test).
 */
class ManifestSchemaTest {

    private static final List<Manifest> MANIFESTS = Manifests.kubernetes();

    @Test
    void everyManifestMatchesItsSchema() throws Exception {
        Map<String, List<String>> errors = SchemaValidator.validate(MANIFESTS);
        Map<String, List<String>> failing = errors.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), failing);
        Set<String> kinds = MANIFESTS.stream().map(Manifest::kind).collect(Collectors.toSet());
        assertEquals(Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "ConfigMap", "Deployment", "Service", "ScaledObject"), kinds);
    }

    @Test
    void misspelledFieldsAreRejected() throws Exception {
        assertRejected(first("KafkaTopic"), r -> spec(r).set("partitons", spec(r).remove("partitions")),
                "/spec: unknown field \"partitons\"");
        assertRejected(first("Deployment"), r -> container(r).put("imagePullPolice", "Always"),
                "/spec/template/spec/containers/0: unknown field \"imagePullPolice\"");
        assertRejected(first("ScaledObject"), r -> spec(r).set("maxReplicas", spec(r).remove("maxReplicaCount")),
                "/spec: unknown field \"maxReplicas\"");
        assertRejected(first("Kafka"), r -> ((ObjectNode) spec(r).path("kafka")).set("listener", spec(r).path("kafka").path("listeners")),
                "/spec/kafka: unknown field \"listener\"");
    }

    @Test
    void wrongTypesAreRejected() throws Exception {
        assertRejected(first("KafkaTopic"), r -> spec(r).put("partitions", "12"), "spec/partitions must be integer");
        assertRejected(first("Service"), r -> ((ObjectNode) spec(r).withArray("ports").get(0)).put("port", "eighty"),
                "spec/ports/0/port must be integer");
        assertRejected(first("Deployment"), r -> spec(r).put("replicas", "two"), "spec/replicas must be integer");
        assertRejected(first("ScaledObject"), r -> spec(r).put("minReplicaCount", "one"), "spec/minReplicaCount must be integer");
    }

    @Test
    void missingRequiredFieldsAreRejected() throws Exception {
        assertRejected(first("Deployment"), r -> spec(r).remove("selector"), "spec must have required property selector");
        assertRejected(first("ScaledObject"), r -> spec(r).remove("scaleTargetRef"), "spec must have required property scaleTargetRef");
        assertRejected(first("KafkaNodePool"), r -> spec(r).remove("roles"), "spec must have required property roles");
        assertRejected(first("Deployment"), r -> container(r).remove("name"), "must have required property name");
    }

    @Test
    void unknownKindsAreRejected() throws Exception {
        assertRejected(first("Deployment"), r -> r.put("kind", "Deploymint"), "no schema for apps/v1 Deploymint");
        assertRejected(first("ScaledObject"), r -> r.put("apiVersion", "keda.sh/v9"), "no schema for keda.sh/v9 ScaledObject");
        assertRejected(first("Service"), r -> r.put("apiVersion", "../../../etc/v1"), "no schema for ../../../etc/v1 Service");
    }

    private static Manifest first(String kind) {
        return Manifests.ofKind(MANIFESTS, kind).get(0);
    }

    private static ObjectNode spec(ObjectNode resource) {
        return (ObjectNode) resource.path("spec");
    }

    private static ObjectNode container(ObjectNode resource) {
        return (ObjectNode) ((ArrayNode) resource.path("spec").path("template").path("spec").path("containers")).get(0);
    }

    private static void assertRejected(Manifest original, Consumer<ObjectNode> breakIt, String expected) throws Exception {
        ObjectNode broken = original.resource().deepCopy();
        breakIt.accept(broken);
        List<String> errors = SchemaValidator.errorsOf(new Manifest(original.source(), broken));
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected an error containing '" + expected + "', got " + errors);
    }
}
