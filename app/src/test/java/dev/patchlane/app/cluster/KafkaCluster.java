package dev.patchlane.app.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft cluster in this JVM: {@code size} nodes, each a broker and a controller of one static quorum, started as
 * Kafka's own {@code kafka-server-start} starts a node ({@link KafkaRaftServer}). A node can be stopped (broker and
 * controller at once, handing nothing over) and started again on the same ports and log directory.
 */
final class KafkaCluster implements AutoCloseable {

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<Integer> brokerPorts = new ArrayList<>();
    private final List<Integer> controllerPorts = new ArrayList<>();
    private final Map<Integer, KafkaRaftServer> running = new TreeMap<>();
    private final Map<String, String> overrides;

    private KafkaCluster(Path dir, int size, Map<String, String> overrides) throws IOException {
        this.dir = dir;
        this.overrides = overrides;
        for (int node = 0; node < size; node++) {
            brokerPorts.add(freePort());
            controllerPorts.add(freePort());
        }
    }

    /** Formats and starts every node at once: a node's broker waits for a quorum of controllers before it is up. */
    static KafkaCluster start(Path dir, int size, Map<String, String> overrides) {
        try {
            KafkaCluster cluster = new KafkaCluster(dir, size, overrides);
            for (int node = 0; node < size; node++) {
                cluster.format(node);
            }
            CompletableFuture.allOf(IntStream.range(0, size).mapToObj(node -> CompletableFuture.runAsync(() -> cluster.start(node)))
                    .toArray(CompletableFuture[]::new)).join();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster's directories under " + dir, e);
        }
    }

    String bootstrapServers() {
        return brokerPorts.stream().map(port -> "localhost:" + port).collect(Collectors.joining(","));
    }

    List<Integer> nodes() {
        return IntStream.range(0, brokerPorts.size()).boxed().toList();
    }

    /** Stops a node's broker and controller; with controlled shutdown off its partitions move only once the quorum fences it. */
    void stop(int node) {
        KafkaRaftServer server;
        synchronized (running) {
            server = running.remove(node);
        }
        if (server == null) {
            throw new IllegalStateException("node " + node + " is not running");
        }
        server.shutdown();
        server.awaitShutdown();
    }

    /** Starts a node on its ports and log directory. */
    void start(int node) {
        KafkaRaftServer server = new KafkaRaftServer(config(node), Time.SYSTEM);
        server.startup();
        synchronized (running) {
            running.put(node, server);
        }
    }

    private KafkaConfig config(int node) {
        String voters = IntStream.range(0, controllerPorts.size()).mapToObj(n -> n + "@localhost:" + controllerPorts.get(n))
                .collect(Collectors.joining(","));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(node));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://localhost:" + brokerPorts.get(node) + ",CONTROLLER://localhost:" + controllerPorts.get(node));
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPorts.get(node));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir(node).toString());
        // Three brokers share this JVM with the application: small thread pools and cleaner buffers (128 MiB each by default).
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.putAll(overrides);
        return KafkaConfig.fromProps(props, false);
    }

    private void format(int node) throws IOException {
        Path logDir = logDir(node);
        Files.createDirectories(logDir);
        Formatter formatter = new Formatter()
                .setClusterId(clusterId)
                .setNodeId(node)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()));
        formatter.addDirectory(logDir.toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format node " + node + ": " + e.getMessage(), e);
        }
    }

    private Path logDir(int node) {
        return dir.resolve("node-" + node).toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<KafkaRaftServer> servers;
        synchronized (running) {
            servers = new ArrayList<>(running.values());
            running.clear();
        }
        servers.forEach(KafkaRaftServer::shutdown);
        servers.forEach(KafkaRaftServer::awaitShutdown);
    }
}
