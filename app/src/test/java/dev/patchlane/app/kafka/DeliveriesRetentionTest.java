package dev.patchlane.app.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.contracts.Topics;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.kafka.TopicInitializer;
import dev.patchlane.pipeline.kafka.TopicSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The deliveries topic keeps raw webhook payloads for a bounded time, on the real broker: when created and when found changed. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class DeliveriesRetentionTest {

    @Inject
    TopicNames topics;

    @Test
    void theDeliveriesTopicIsCreatedWithTheDefaultRetentionAndDeletePolicy() throws Exception {
        try (Admin admin = admin()) {
            Config config = describe(admin, Topics.WEBHOOKS);
            assertEquals(Long.toString(Duration.ofDays(7).toMillis()), config.get(TopicConfig.RETENTION_MS_CONFIG).value());
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, describe(admin, Topics.STATUS).get(TopicConfig.CLEANUP_POLICY_CONFIG).value(),
                    "the other compacted topics stay compacted");
        }
    }

    @Test
    void thePacingTopicIsCreatedWithOnePartitionTheBrokersClockAndAShortRetention() throws Exception {
        try (Admin admin = admin()) {
            Config config = describe(admin, Topics.PACING);
            assertEquals("LogAppendTime", config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value());
            assertEquals(Long.toString(Duration.ofHours(1).toMillis()), config.get(TopicConfig.RETENTION_MS_CONFIG).value());
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(1, admin.describeTopics(List.of(Topics.PACING)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.PACING).partitions().size());
        }
    }

    @Test
    void anExistingDeliveriesTopicWithAnotherRetentionIsAlteredAtStart() throws Exception {
        String name = "retention-existing-" + System.nanoTime();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get(30, TimeUnit.SECONDS);

            TopicInitializer.ensure(admin, deliveriesAt(name), settings(Duration.ofDays(2)));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Config config = describe(admin, name);
                assertEquals(Long.toString(Duration.ofDays(2).toMillis()), config.get(TopicConfig.RETENTION_MS_CONFIG).value());
                assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            });
        }
    }

    @Test
    void aDeliveriesTopicTheInitializerCreatesGetsTheConfiguredRetention() throws Exception {
        String name = "retention-created-" + System.nanoTime();
        try (Admin admin = admin()) {
            TopicInitializer.ensure(admin, deliveriesAt(name), settings(Duration.ofHours(36)));

            Config config = describe(admin, name);
            assertEquals(Long.toString(Duration.ofHours(36).toMillis()), config.get(TopicConfig.RETENTION_MS_CONFIG).value());
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
    }

    @Test
    void processesStartingAtOnceOnAFreshClusterAllCreateTheTopicsWithoutFailing() throws Exception {
        String name = "created-at-once-" + System.nanoTime();
        TopicNames names = deliveriesAt(name);
        int processes = 4;
        java.util.concurrent.ExecutorService starts = java.util.concurrent.Executors.newFixedThreadPool(processes);
        try {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(processes);
            List<java.util.concurrent.Future<Void>> started = new java.util.ArrayList<>();
            for (int i = 0; i < processes; i++) {
                started.add(starts.submit(() -> {
                    try (Admin admin = admin()) {
                        ready.countDown();
                        ready.await();
                        TopicInitializer.ensure(admin, names, settings(Duration.ofHours(12)));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<Void> start : started) {
                start.get(60, TimeUnit.SECONDS);
            }
        } finally {
            starts.shutdownNow();
        }
        try (Admin admin = admin()) {
            assertEquals(Long.toString(Duration.ofHours(12).toMillis()), describe(admin, name).get(TopicConfig.RETENTION_MS_CONFIG).value());
        }
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefusedNamingTheKey() throws Exception {
        try (Admin admin = admin()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TopicInitializer.ensure(admin, deliveriesAt("never-created"), settings(Duration.ZERO)));
            assertTrue(e.getMessage().startsWith("patchlane.kafka.deliveries-retention=PT0S must be a positive duration"), e.getMessage());
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers()));
    }

    private static Config describe(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    /** The application's topics, which exist already, with the deliveries topic at another name. */
    private TopicNames deliveriesAt(String name) {
        TopicNames real = topics;
        return (TopicNames) Proxy.newProxyInstance(TopicNames.class.getClassLoader(), new Class<?>[] {TopicNames.class},
                (proxy, method, args) -> method.getName().equals("webhooks") ? name
                        : method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(real, args));
    }

    private static TopicSettings settings(Duration retention) {
        return new TopicSettings() {
            @Override
            public boolean createTopics() {
                return true;
            }

            @Override
            public int partitions() {
                return 1;
            }

            @Override
            public short replicationFactor() {
                return 1;
            }

            @Override
            public OptionalInt minInsyncReplicas() {
                return OptionalInt.empty();
            }

            @Override
            public Duration deliveriesRetention() {
                return retention;
            }

            @Override
            public Duration pacingRetention() {
                return Duration.ofHours(1);
            }
        };
    }
}
