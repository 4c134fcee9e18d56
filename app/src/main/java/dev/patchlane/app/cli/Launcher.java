package dev.patchlane.app.cli;

import dev.patchlane.app.kafka.KafkaBootstrap;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** Starts Kafka (embedded unless a cluster is configured), then the Quarkus application, and stops both in order. */
final class Launcher {

    private Launcher() {
    }

    static Path dataDir() {
        String property = System.getProperty("patchlane.data-dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("PATCHLANE_DATA_DIR");
        return Path.of(env == null || env.isBlank() ? ".patchlane" : env);
    }

    /**
     * Runs {@code application} to completion, or the service until it is told to stop when it is null.
     *
     * @param args handed to the application's {@code run}, never to configuration
     */
    static int run(Class<? extends QuarkusApplication> application, String... args) {
        AtomicInteger exitCode = new AtomicInteger();
        BiConsumer<Integer, Throwable> exit = (code, failure) -> {
            if (failure != null) {
                failure.printStackTrace();
            }
            exitCode.set(failure == null ? code : 1);
        };
        try (KafkaBootstrap kafka = KafkaBootstrap.resolve(dataDir())) {
            if (application == null) {
                Quarkus.run(null, exit);
            } else {
                Quarkus.run(application, exit, args);
            }
        }
        return exitCode.get();
    }
}
