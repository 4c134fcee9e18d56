package dev.patchlane.app.bench.kills;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One patchlane process of one role, started from the packaged binary against an external broker, SIGKILLed and started
 * again on the same data directory (as a pod keeps its volume); each start logs to its own file.
 */
public final class RoleProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final FleetRole role;
    private final Path dataDir;
    private final List<String> jvmArgs;
    private final Map<String, String> env;
    private final int port;
    private Process process;
    private int starts;

    public RoleProcess(String name, FleetRole role, Path dataDir, List<String> jvmArgs, Map<String, String> env) throws IOException {
        this.name = name;
        this.role = role;
        this.dataDir = dataDir;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.env = Map.copyOf(env);
        this.port = freePort();
        Files.createDirectories(dataDir);
    }

    public String name() {
        return name;
    }

    public FleetRole role() {
        return role;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The prefix of every Kafka client id of the current (or last) start. */
    public String clientIdPrefix() {
        return name + "#" + starts + "-";
    }

    /** Starts the process; it is ready once {@link #awaitReady} returns. */
    public void start() throws IOException {
        starts++;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        // Each start's consumers are told apart in their groups: a SIGKILLed member lingers until its session expires.
        command.add("-Dmp.messaging.connector.smallrye-kafka.client-id-prefix=" + clientIdPrefix());
        command.addAll(List.of("-jar", RoleProcessJar.path().toString(), "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.getParent().resolve(name + "." + starts + ".log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("PATCHLANE_ROLES", role.configName());
        builder.environment().put("PATCHLANE_DATA_DIR", dataDir.toString());
        builder.environment().put("PATCHLANE_HTTP_PORT", Integer.toString(port));
        process = builder.start();
    }

    /** Waits until SmallRye Health reports the process ready (its Kafka channels connected). */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log under " + dataDir.getParent());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout);
    }

    /** SIGKILL: no shutdown hook, no commit, no leave-group request. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    /** Sends SIGTERM without waiting, so that a fleet stops in parallel. */
    public void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM at the end of the run, and waits for the exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
