package dev.patchlane.sink.progressissue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.MigrationManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Two sink replicas in one group on the embedded broker: every migration has exactly one owner, and when one replica
 * leaves, the other owns its migrations after reading their records again from the start of the partitions.
 */
class MigrationOwnershipTest {

    @Test
    void everyMigrationHasOneOwnerAndTheSurvivorTakesOverALeaversMigrations() throws Exception {
        new EmbeddedKafkaResource().start();
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        String topic = "progress-ownership-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> "m-" + i).toList();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>(topic, id, Json.write(migration(id)))).get();
            }
            // unreadable and mis-keyed records are skipped, not owned
            producer.send(new ProducerRecord<>(topic, "junk", "{not json".getBytes())).get();
            producer.send(new ProducerRecord<>(topic, "m-0-forged", Json.write(migration("m-999")))).get();
        }
        String group = "progress-" + UUID.randomUUID();
        Replica a = new Replica();
        Replica b = new Replica();
        try (MigrationOwnership first = new MigrationOwnership(bootstrap, topic, group, a);
                MigrationOwnership second = new MigrationOwnership(bootstrap, topic, group, b)) {
            first.start();
            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.owned().size() + b.owned().size() == ids.size()
                    && !a.owned().isEmpty() && !b.owned().isEmpty());
            Set<String> both = new HashSet<>(a.owned());
            both.retainAll(b.owned());
            assertEquals(Set.of(), both, "no migration has two owners");
            Set<String> all = new HashSet<>(a.owned());
            all.addAll(b.owned());
            assertEquals(Set.copyOf(ids), all);

            second.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.owned().size() == ids.size());
            assertTrue(b.owned().isEmpty(), "the leaver released what it owned: " + b.owned());
        }
    }

    private static Migration migration(String id) {
        return new Migration(1, id, new MigrationManifest(id, "n", "i", null, List.of(new MigrationManifest.Target("/srv/git/r", null)),
                null, null, null, null, null, null, new MigrationManifest.ProgressIssue(MigrationManifest.ProgressIssue.Mode.PER_REPOSITORY, null)),
                Instant.EPOCH, null, null);
    }

    /** What one replica believes it owns, by partition. */
    private static final class Replica implements MigrationOwnership.Owner {

        private final Map<String, Integer> owned = new ConcurrentHashMap<>();

        @Override
        public void owned(Migration migration, int partition) {
            owned.put(migration.id(), partition);
        }

        @Override
        public void released(int partition) {
            owned.values().removeIf(p -> p == partition);
        }

        Set<String> owned() {
            return Set.copyOf(owned.keySet());
        }
    }
}
