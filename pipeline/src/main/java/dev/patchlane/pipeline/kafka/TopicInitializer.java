package dev.patchlane.pipeline.kafka;

import dev.patchlane.pipeline.config.TopicNames;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the pipeline's topics with the configured partitions before any consumer subscribes (SmallRye starts its
 * channels in a {@link Interceptor.Priority#LIBRARY_BEFORE} startup observer; this one runs before it and before the
 * status view notes where its replay ends). The deliveries topic holds raw webhook payloads, so its retention is bounded
 * ({@code patchlane.kafka.deliveries-retention}) and put back at each start where someone changed it.
 */
@Singleton
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);
    private static final long TIMEOUT_SECONDS = 30;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    void createTopics(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 2) StartupEvent event, TopicNames topics,
            TopicSettings settings) throws InterruptedException, ExecutionException, TimeoutException {
        if (!settings.createTopics()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ensure(admin, topics, settings);
        }
    }

    /** Creates the missing topics and brings existing deliveries and pacing topics back to their configuration. */
    public static void ensure(Admin admin, TopicNames topics, TopicSettings settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> replication = replicationConfig(settings);
        Map<String, String> retention = deliveriesConfig(settings);
        Map<String, String> deliveries = new LinkedHashMap<>(retention);
        deliveries.putAll(replication);
        Map<String, String> compacted = new LinkedHashMap<>(replication);
        compacted.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        int partitions = settings.partitions();
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String name : topics.all()) {
            if (!existing.contains(name)) {
                NewTopic topic = new NewTopic(name, partitions, settings.replicationFactor());
                if (name.equals(topics.pacing())) {
                    Map<String, String> pacing = new LinkedHashMap<>(pacingConfig(settings));
                    pacing.putAll(replication);
                    topic = new NewTopic(name, 1, settings.replicationFactor()).configs(pacing);
                } else if (name.equals(topics.webhooks())) {
                    topic.configs(deliveries);
                } else if (topics.compacted().contains(name)) {
                    topic.configs(compacted);
                } else {
                    topic.configs(replication);
                }
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            createAll(admin, missing);
            List<String> names = missing.stream().map(NewTopic::name).toList();
            LOG.infof("created topics %s with %d partitions, replication factor %d%s%s", names, partitions, settings.replicationFactor(),
                    replication.isEmpty() ? "" : ", min.insync.replicas " + replication.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    names.contains(topics.webhooks()) ? "; " + topics.webhooks() + " keeps deliveries for " + settings.deliveriesRetention() : "");
        }
        if (existing.contains(topics.webhooks())) {
            restoreRetention(admin, topics.webhooks(), retention, "patchlane.kafka.deliveries-retention");
        }
        if (existing.contains(topics.pacing())) {
            restoreRetention(admin, topics.pacing(), pacingConfig(settings), "patchlane.kafka.pacing-retention");
        }
    }

    /**
     * One partition (every replica reads every ticket, so more add nothing), stamped with the broker's clock so that no
     * replica's clock, or a hostile writer's timestamp, books a slot; deleted after a short retention.
     */
    static Map<String, String> pacingConfig(TopicSettings settings) {
        Duration retention = settings.pacingRetention();
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("patchlane.kafka.pacing-retention=" + retention + " must be a positive duration, e.g. 1h");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        config.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        return config;
    }

    /** The durability settings every created topic shares; empty where the broker's defaults apply. */
    static Map<String, String> replicationConfig(TopicSettings settings) {
        if (settings.minInsyncReplicas().isEmpty()) {
            return Map.of();
        }
        short factor = settings.replicationFactor();
        int minInsync = settings.minInsyncReplicas().getAsInt();
        // A factor of -1 means the broker's default, which this process cannot compare against.
        if (minInsync < 1 || (factor > 0 && minInsync > factor)) {
            throw new IllegalArgumentException("patchlane.kafka.min-insync-replicas=" + minInsync
                    + " must be between 1 and patchlane.kafka.replication-factor (" + factor + "): with acks=all no write could succeed otherwise");
        }
        return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsync));
    }

    private static Map<String, String> deliveriesConfig(TopicSettings settings) {
        Duration retention = settings.deliveriesRetention();
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("patchlane.kafka.deliveries-retention=" + retention
                    + " must be a positive duration, e.g. 7d: the deliveries topic holds raw webhook payloads");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        return config;
    }

    private static void restoreRetention(Admin admin, String topic, Map<String, String> wanted, String key)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config current = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        List<AlterConfigOp> changes = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            ConfigEntry now = current.get(entry.getKey());
            String value = now == null ? null : now.value();
            if (!entry.getValue().equals(value)) {
                changes.add(new AlterConfigOp(new ConfigEntry(entry.getKey(), entry.getValue()), AlterConfigOp.OpType.SET));
                described.add(entry.getKey() + " " + value + " -> " + entry.getValue());
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.infof("topic %s: set %s (%s)", topic, String.join(", ", described), key);
    }

    /** Several processes starting at once on a fresh cluster race to create the topics: one that won is not an error. */
    private static void createAll(Admin admin, List<NewTopic> missing) throws InterruptedException, ExecutionException, TimeoutException {
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
            try {
                created.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
                LOG.infof("topic %s was created by another process meanwhile", created.getKey());
            }
        }
    }
}
