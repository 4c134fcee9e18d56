package dev.patchlane.app.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GitHub's REST API for check-run annotations, served over a real socket from the response GitHub documents for
 * "List check run annotations" (the ingest module's fixture); the only GitHub endpoint ingest calls.
 */
public final class GithubApiStub {

    public static final Path FIXTURES = Path.of("..", "ingest", "src", "test", "resources", "github");
    public static final String ANNOTATIONS_PATH = "/repos/octo-org/widgets/check-runs/4/annotations";

    private static GithubApiStub instance;

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private GithubApiStub(HttpServer server) {
        this.server = server;
    }

    public static synchronized GithubApiStub instance() {
        if (instance == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                GithubApiStub stub = new GithubApiStub(server);
                byte[] annotations = Files.readAllBytes(FIXTURES.resolve("check-run-annotations.json"));
                server.createContext(ANNOTATIONS_PATH, exchange -> {
                    stub.requests.incrementAndGet();
                    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
                    exchange.sendResponseHeaders(200, annotations.length);
                    exchange.getResponseBody().write(annotations);
                    exchange.close();
                });
                server.start();
                instance = stub;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }
}
