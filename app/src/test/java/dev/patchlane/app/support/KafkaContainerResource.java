package dev.patchlane.app.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;

/** The same broker role played by Apache Kafka in a container, where Docker exists. */
public class KafkaContainerResource implements QuarkusTestResourceLifecycleManager {

    private KafkaContainer kafka;

    /** Whether a Docker engine answers on its socket; checked without Testcontainers, before Quarkus starts. */
    public static boolean dockerAvailable() {
        String host = System.getenv("DOCKER_HOST");
        java.nio.file.Path socket = java.nio.file.Path.of(host != null && host.startsWith("unix://") ? host.substring(7) : "/var/run/docker.sock");
        if (host != null && !host.startsWith("unix://")) {
            return true;
        }
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            return channel.connect(java.net.UnixDomainSocketAddress.of(socket));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public Map<String, String> start() {
        kafka = new KafkaContainer("apache/kafka:4.1.2");
        kafka.start();
        Map<String, String> config = TestPipeline.config();
        config.put("kafka.bootstrap.servers", kafka.getBootstrapServers());
        return config;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.stop();
        }
    }
}
