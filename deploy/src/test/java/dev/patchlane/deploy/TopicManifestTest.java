package dev.patchlane.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.kafka.TopicSettings;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi KafkaTopics against what the pipeline creates itself (TopicInitializer with TopicNames and TopicSettings),
 * and the KEDA ScaledObjects against the consumer groups of application.properties and the topics' partitions.
 */
class TopicManifestTest {

    private static final List<Manifest> MANIFESTS = Manifests.kubernetes();

    @Test
    void everyPipelineTopicHasOneKafkaTopic() {
        List<String> declared = topics().keySet().stream().sorted().toList();
        assertEquals(topicNames().all().stream().sorted().toList(), declared);
    }

    @Test
    void compactionAndRetentionMatchTopicInitializer() {
        TopicNames names = topicNames();
        TopicSettings settings = PipelineFacts.topicSettings();
        topics().forEach((name, spec) -> {
            JsonNode config = spec.path("config");
            String cleanup = config.path("cleanup.policy").asText("delete");
            if (names.compacted().contains(name)) {
                assertEquals("compact", cleanup, name + " is compacted by the pipeline");
            } else {
                assertEquals("delete", cleanup, name + " is not compacted by the pipeline");
            }
            if (name.equals(names.webhooks())) {
                assertEquals(settings.deliveriesRetention().toMillis(), config.path("retention.ms").asLong(),
                        name + " keeps deliveries for patchlane.kafka.deliveries-retention");
            } else if (name.equals(names.pacing())) {
                assertEquals(settings.pacingRetention().toMillis(), config.path("retention.ms").asLong(),
                        name + " keeps tickets for patchlane.kafka.pacing-retention");
                assertEquals("LogAppendTime", config.path("message.timestamp.type").asText(), name + " is stamped by the broker");
            } else {
                assertTrue(config.path("retention.ms").isMissingNode(), name + " keeps the broker's retention, as created");
            }
        });
    }

    @Test
    void topicsAreReplicatedAndAtLeastAsPartitionedAsTheDefault() {
        int minimum = PipelineFacts.topicSettings().partitions();
        topics().forEach((name, spec) -> {
            if (name.equals(topicNames().pacing())) {
                assertEquals(1, spec.path("partitions").asInt(), name + " has one partition, so one order of tickets");
            } else {
                assertTrue(spec.path("partitions").asInt() >= minimum, name + " has at least the default " + minimum + " partitions");
            }
            assertEquals(3, spec.path("replicas").asInt(), name);
            assertEquals(2, spec.path("config").path("min.insync.replicas").asInt(), name);
        });
    }

    @Test
    void eachScaledObjectWatchesTheGroupAndTopicItsRoleConsumes() {
        Map<String, String> topicOfGroup = new LinkedHashMap<>();
        for (String channel : incomingChannels()) {
            String group = PipelineFacts.groupOfChannel(channel);
            if (group != null) {
                topicOfGroup.put(group, PipelineFacts.topicOfChannel(channel));
            }
        }
        Set<String> scaledDeployments = new HashSet<>();
        for (Manifest scaled : Manifests.ofKind(MANIFESTS, "ScaledObject")) {
            JsonNode spec = scaled.resource().path("spec");
            String target = spec.path("scaleTargetRef").path("name").asText();
            scaledDeployments.add(target);
            int maxReplicas = spec.path("maxReplicaCount").asInt();
            assertTrue(spec.path("minReplicaCount").asInt() >= 1, scaled.name() + " keeps one replica");
            assertTrue(spec.path("triggers").size() > 0, scaled.name());
            for (JsonNode trigger : spec.path("triggers")) {
                assertEquals("kafka", trigger.path("type").asText());
                JsonNode metadata = trigger.path("metadata");
                String group = metadata.path("consumerGroup").asText();
                String topic = metadata.path("topic").asText();
                assertEquals(topicOfGroup.get(group), topic, "group " + group + " consumes " + topicOfGroup.get(group));
                assertEquals(bootstrapServers(), metadata.path("bootstrapServers").asText());
                assertTrue(metadata.path("lagThreshold").asInt() > 0, scaled.name());
                JsonNode topicSpec = topics().get(topic);
                assertNotNull(topicSpec, topic);
                assertTrue(maxReplicas <= topicSpec.path("partitions").asInt(),
                        scaled.name() + " may run " + maxReplicas + " replicas, more than " + topic + "'s partitions");
            }
            String roles = DeploymentManifestTest.rolesOf(DeploymentManifestTest.deployment(target));
            Set<String> groupsOfRole = DeploymentManifestTest.role(roles).incomingChannels().stream()
                    .map(PipelineFacts::groupOfChannel).collect(Collectors.toSet());
            for (JsonNode trigger : spec.path("triggers")) {
                assertTrue(groupsOfRole.contains(trigger.path("metadata").path("consumerGroup").asText()),
                        target + " (" + roles + ") consumes as " + trigger.path("metadata").path("consumerGroup").asText());
            }
        }
        assertEquals(Set.of("patchlane-router", "patchlane-fast-worker", "patchlane-deep-worker", "patchlane-sink"), scaledDeployments);
    }

    private static String bootstrapServers() {
        JsonNode config = Manifests.ofKind(MANIFESTS, "ConfigMap").get(0).resource().path("data");
        return config.path("KAFKA_BOOTSTRAP_SERVERS").asText();
    }

    private static List<String> incomingChannels() {
        return PipelineFacts.applicationProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic"))
                .map(key -> key.substring("mp.messaging.incoming.".length(), key.length() - ".topic".length())).toList();
    }

    private static TopicNames topicNames() {
        return PipelineFacts.topicNames();
    }

    /** KafkaTopic specs by the Kafka topic name they manage. */
    static Map<String, JsonNode> topics() {
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (Manifest topic : Manifests.ofKind(MANIFESTS, "KafkaTopic")) {
            JsonNode spec = topic.resource().path("spec");
            String name = spec.path("topicName").asText(topic.name());
            assertEquals("patchlane", topic.resource().path("metadata").path("labels").path("strimzi.io/cluster").asText(), name);
            assertTrue(topics.put(name, spec) == null, "two KafkaTopics for " + name);
        }
        return topics;
    }
}
