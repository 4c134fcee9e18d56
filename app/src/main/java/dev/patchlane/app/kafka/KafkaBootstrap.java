package dev.patchlane.app.kafka;

import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides, before Quarkus starts, where Kafka is: a configured cluster, or an embedded broker under the data directory.
 */
public final class KafkaBootstrap implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaBootstrap.class);

    private final EmbeddedKafkaBroker embedded;

    private KafkaBootstrap(EmbeddedKafkaBroker embedded) {
        this.embedded = embedded;
    }

    /** Uses {@code KAFKA_BOOTSTRAP_SERVERS} when set; otherwise starts the embedded broker and points Quarkus at it. */
    public static KafkaBootstrap resolve(Path dataDir) {
        Optional<String> configured = configuredServers();
        if (configured.isPresent()) {
            LOG.infof("using the Kafka cluster at %s", configured.get());
            return new KafkaBootstrap(null);
        }
        long start = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
        System.setProperty("kafka.bootstrap.servers", broker.bootstrapServers());
        LOG.infof("started the embedded Kafka broker at %s (data in %s) in %d ms", broker.bootstrapServers(),
                dataDir.resolve("kafka").toAbsolutePath(), (System.nanoTime() - start) / 1_000_000);
        return new KafkaBootstrap(broker);
    }

    private static Optional<String> configuredServers() {
        String property = System.getProperty("kafka.bootstrap.servers");
        if (property != null && !property.isBlank()) {
            return Optional.of(property);
        }
        String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
