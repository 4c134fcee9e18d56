package dev.patchlane.app.cluster;

import dev.patchlane.app.support.TestPipeline;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real three-node KRaft cluster in the test JVM, and the pipeline configured as on a production cluster: every topic
 * with replication factor 3 and {@code min.insync.replicas=2}.
 */
public class KafkaClusterResource implements QuarkusTestResourceLifecycleManager {

    public static final int NODES = 3;
    public static final short REPLICATION_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;

    // The brokers log through java.util.logging before Quarkus configures logging; held so the levels stick.
    private static final List<Logger> QUIET = Stream.of("kafka", "org.apache.kafka", "state.change.logger").map(Logger::getLogger).toList();

    private static KafkaCluster cluster;

    @Override
    public synchronized Map<String, String> start() {
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        if (cluster == null) {
            cluster = KafkaCluster.start(TestPipeline.dataDir().resolve("kafka-cluster"), NODES, Map.of(
                    // A stopped node hands nothing over: its partitions move only once the quorum fences it, as after a crash.
                    "controlled.shutdown.enable", "false",
                    "broker.session.timeout.ms", "6000",
                    "broker.heartbeat.interval.ms", "1000",
                    "auto.create.topics.enable", "false",
                    "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "4",
                    "offsets.topic.replication.factor", Short.toString(REPLICATION_FACTOR),
                    "transaction.state.log.replication.factor", Short.toString(REPLICATION_FACTOR),
                    "transaction.state.log.min.isr", Integer.toString(MIN_INSYNC_REPLICAS),
                    "log.cleaner.min.compaction.lag.ms", "0"));
        }
        Map<String, String> config = TestPipeline.config();
        config.put("kafka.bootstrap.servers", cluster.bootstrapServers());
        config.put("patchlane.kafka.replication-factor", Short.toString(REPLICATION_FACTOR));
        config.put("patchlane.kafka.min-insync-replicas", Integer.toString(MIN_INSYNC_REPLICAS));
        // Clients and followers warn about the stopped node every few hundred milliseconds while it is down: expected here.
        config.put("quarkus.log.category.\"org.apache.kafka.clients.NetworkClient\".level", "ERROR");
        config.put("quarkus.log.category.\"kafka.server.ReplicaFetcherThread\".level", "ERROR");
        return config;
    }

    @Override
    public synchronized void stop() {
        // Only this resource's tests use the cluster; closing it gives the next tests their threads and memory back.
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public static String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Stops a node (its broker and its controller) without a controlled shutdown. */
    public static void stopNode(int id) {
        cluster.stop(id);
    }

    /** Starts a stopped node again on the same ports and log directory. */
    public static void startNode(int id) {
        cluster.start(id);
    }
}
