package dev.patchlane.app.bench.kills;

import java.nio.file.Files;
import java.nio.file.Path;

/** The packaged binary the fleet runs: {@code patchlane.app.jar}, else the app module's own build output. */
public final class RoleProcessJar {

    private RoleProcessJar() {
    }

    public static Path path() {
        String configured = System.getProperty("patchlane.app.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it with ./mvnw -pl app -am package -DskipTests"
                    + " (bench/process-kills does)");
        }
        return jar.toAbsolutePath();
    }
}
