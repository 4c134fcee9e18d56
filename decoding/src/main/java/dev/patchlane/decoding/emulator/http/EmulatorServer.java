package dev.patchlane.decoding.emulator.http;

import dev.patchlane.decoding.Decoder;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@link Decoder}s over HTTP in OpenAI's wire format: {@code GET /v1/models}, {@code POST /v1/chat/completions}
 * and {@code POST /v1/responses}, streaming (server-sent events) or not. Every connection is served on a Vert.x event
 * loop; there is no thread per stream.
 *
 * <pre>{@code
 * try (EmulatorServer server = EmulatorServer.start(0, Map.of("fast", decoder), EmulatorServerOptions.defaults())) {
 *     URI base = server.baseUri();   // http://127.0.0.1:<port>/v1
 * }
 * }</pre>
 */
public final class EmulatorServer implements AutoCloseable {

    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();
    private static final AtomicInteger SERVERS = new AtomicInteger();
    private static final String SUBSCRIBER_POOL = "emulator-http-subscribe";

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final String host;
    private final int port;
    private final Set<String> models;
    private final List<String> deployments;
    private final WorkerExecutor subscribers;

    private EmulatorServer(Vertx vertx, boolean ownsVertx, String host, int port, Set<String> models, List<String> deployments,
            WorkerExecutor subscribers) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.host = host;
        this.port = port;
        this.models = models;
        this.deployments = deployments;
        this.subscribers = subscribers;
    }

    /** Starts on a Vert.x of its own, closed with the server. Blocks until listening. */
    public static EmulatorServer start(int port, Map<String, Decoder> models, EmulatorServerOptions options) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("EmulatorServer.start blocks; use startAsync on an event loop");
        }
        Vertx vertx = Vertx.vertx();
        try {
            EmulatorServer server = await(startAsync(vertx, port, models, options));
            return new EmulatorServer(vertx, true, server.host, server.port, server.models, server.deployments, server.subscribers);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts on {@code vertx}; port 0 picks a free port. Blocks until listening, so never call it on an event loop. */
    public static EmulatorServer start(Vertx vertx, int port, Map<String, Decoder> models, EmulatorServerOptions options) {
        return await(startAsync(vertx, port, models, options));
    }

    /** Starts on {@code vertx} without blocking. */
    public static Future<EmulatorServer> startAsync(Vertx vertx, int port, Map<String, Decoder> models, EmulatorServerOptions options) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(options, "options");
        if (models.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("serve at least one model"));
        }
        Map<String, Decoder> served = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        // Decoders are subscribed on these few threads, never on an event loop (see StreamPump.start).
        WorkerExecutor subscribers = vertx.createSharedWorkerExecutor(SUBSCRIBER_POOL + "-" + SERVERS.incrementAndGet(), options.eventLoops());
        ApiHandler handler = new ApiHandler(served, options, subscribers);
        HttpServerOptions http = new HttpServerOptions().setHost(options.host())
                // HTTP/1.1 only: a cut stream is a closed connection, as clients of OpenAI-style endpoints expect.
                .setHttp2ClearTextEnabled(false)
                // No WebSocket here: without these, every response write passes through an extension handler.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setTcpNoDelay(true);
        // Vert.x shares one port among servers that listen on the same number and spreads connections over them; a
        // negative number is a random port shared only by servers using that number, hence one per server for port 0.
        int listenPort = port == 0 ? RANDOM_PORT_KEYS.decrementAndGet() : port;
        List<ServerVerticle> instances = new CopyOnWriteArrayList<>();
        DeploymentOptions deployment = new DeploymentOptions().setInstances(options.eventLoops());
        return vertx.deployVerticle(() -> {
            ServerVerticle verticle = new ServerVerticle(http, listenPort, handler);
            instances.add(verticle);
            return verticle;
        }, deployment).compose(id -> {
            Set<Integer> ports = new HashSet<>();
            instances.forEach(instance -> ports.add(instance.actualPort()));
            if (ports.size() != 1) {
                return vertx.undeploy(id).transform(ignored -> Future.failedFuture(
                        new IllegalStateException("the server instances did not share one port: " + ports)));
            }
            return Future.succeededFuture(new EmulatorServer(vertx, false, options.host(), ports.iterator().next(), served.keySet(),
                    List.of(id), subscribers));
        }).onFailure(e -> subscribers.close());
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The base URL OpenAI clients take, e.g. {@code http://127.0.0.1:8000/v1}. */
    public URI baseUri() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create("http://" + shown + ":" + port + "/v1");
    }

    public Set<String> models() {
        return models;
    }

    public Future<Void> closeAsync() {
        Future<Void> undeployed = Future.all(deployments.stream().map(vertx::undeploy).toList()).<Void>mapEmpty()
                .eventually(() -> subscribers.close());
        return ownsVertx ? undeployed.eventually(() -> vertx.close()) : undeployed;
    }

    /** Stops listening and closes every open connection, which cancels the streams they carry. */
    @Override
    public void close() {
        await(closeAsync());
    }

    private static <T> T await(Future<T> future) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("EmulatorServer.start and close block; use startAsync and closeAsync on an event loop");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the emulator server", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the emulator server did not respond within " + WAIT_TIMEOUT.toSeconds() + " s", e);
        }
    }
}
