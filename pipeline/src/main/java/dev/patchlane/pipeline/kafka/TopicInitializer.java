package dev.patchlane.pipeline.kafka;

import dev.patchlane.pipeline.config.TopicNames;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the pipeline's topics with the configured partitions before any consumer subscribes (SmallRye starts its
 * channels in a {@link Interceptor.Priority#LIBRARY_BEFORE} startup observer; this one runs before it and before the
 * status view notes where its replay ends).
 */
@Singleton
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    void createTopics(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 2) StartupEvent event, TopicNames topics,
            TopicSettings settings) throws InterruptedException, ExecutionException, TimeoutException {
        if (!settings.createTopics()) {
            return;
        }
        int partitions = settings.partitions();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.all()) {
                if (!existing.contains(name)) {
                    NewTopic topic = new NewTopic(name, partitions, settings.replicationFactor());
                    if (topics.compacted().contains(name)) {
                        topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created topics %s with %d partitions", missing.stream().map(NewTopic::name).toList(), partitions);
            }
        }
    }
}
