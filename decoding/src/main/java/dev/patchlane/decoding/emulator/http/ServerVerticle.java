package dev.patchlane.decoding.emulator.http;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** One HTTP server on one event loop; an {@link EmulatorServer} deploys one per event loop, all on one port. */
final class ServerVerticle extends AbstractVerticle {

    private final HttpServerOptions options;
    private final int port;
    private final ApiHandler handler;
    private volatile int actualPort;

    ServerVerticle(HttpServerOptions options, int port, ApiHandler handler) {
        this.options = options;
        this.port = port;
        this.handler = handler;
    }

    /** The port it listens on, once started. */
    int actualPort() {
        return actualPort;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpServer server = vertx.createHttpServer(options).requestHandler(handler);
        server.listen(port).onSuccess(s -> {
            actualPort = s.actualPort();
            started.complete();
        }).onFailure(started::fail);
    }
}
