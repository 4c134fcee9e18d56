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
 * "List check run annotations" (the ingest module's fixture), and from "Get repository permissions for a user" for the
 * deep-retry button ({@link #PERMISSION_PREFIX}: {@code octocat} may write, {@code mallory} may read, anyone else is no
 * collaborator and gets GitHub's 404); the only GitHub endpoints ingest calls.
 */
public final class GithubApiStub {

    public static final Path FIXTURES = Path.of("..", "ingest", "src", "test", "resources", "github");
    public static final String ANNOTATIONS_PATH = "/repos/octo-org/widgets/check-runs/4/annotations";
    /** The same findings on {@link GitHubRepository}'s file, for a check run on {@code acme/service}. */
    public static final String SERVICE_ANNOTATIONS_PATH = "/repos/" + GitHubRepository.FULL_NAME + "/check-runs/4/annotations";
    public static final String PERMISSION_PREFIX = "/repos/" + GitHubRepository.FULL_NAME + "/collaborators/";

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
                byte[] serviceAnnotations = new String(annotations, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("src/main/java/com/example/Widget.java", GitHubRepository.FILE).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                server.createContext(SERVICE_ANNOTATIONS_PATH, exchange -> {
                    stub.requests.incrementAndGet();
                    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
                    exchange.sendResponseHeaders(200, serviceAnnotations.length);
                    exchange.getResponseBody().write(serviceAnnotations);
                    exchange.close();
                });
                java.util.Map<String, byte[]> permissions = java.util.Map.of(
                        PERMISSION_PREFIX + "octocat/permission", Files.readAllBytes(FIXTURES.resolve("collaborator-permission-write.json")),
                        PERMISSION_PREFIX + "mallory/permission", Files.readAllBytes(FIXTURES.resolve("collaborator-permission-read.json")));
                server.createContext(PERMISSION_PREFIX, exchange -> {
                    stub.requests.incrementAndGet();
                    byte[] body = permissions.get(exchange.getRequestURI().getPath());
                    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
                    byte[] answer = body != null ? body
                            : "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user\",\"status\":\"404\"}"
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(body != null ? 200 : 404, answer.length);
                    exchange.getResponseBody().write(answer);
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
