package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckRunAnnotationsTest {

    private static final String PATH = "/repos/octo-org/widgets/check-runs/4/annotations";
    private static final String UNSET_ENV = "PATCHLANE_TEST_TOKEN_THAT_IS_NEVER_SET";

    private record Seen(String uri, String authorization, String accept) {
    }

    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private HttpServer server;
    private String api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        api = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        requests.add(new Seen(exchange.getRequestURI().toString(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Accept")));
        Answer answer = answers.isEmpty() ? new Answer(404, Map.of(), "{}".getBytes(StandardCharsets.UTF_8)) : answers.remove(0);
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private void willAnswer(int status, Map<String, String> headers, byte[] body) {
        answers.add(new Answer(status, headers, body));
    }

    private CheckRunAnnotations client(String tokenEnv) {
        return new CheckRunAnnotations(GithubFixtures.config(Map.of("patchlane.webhooks.github.api-url", api,
                "patchlane.webhooks.github.token-env", tokenEnv, "patchlane.webhooks.github.api-timeout", "5s")));
    }

    @Test
    void readsTheFindings() {
        willAnswer(200, Map.of("Content-Type", "application/json"), GithubFixtures.bytes("check-run-annotations.json"));
        List<CheckRunAnnotations.Finding> findings = client(UNSET_ENV).list(api + PATH);
        assertEquals(List.of(
                new CheckRunAnnotations.Finding("src/main/java/com/example/Widget.java", 27, "warning", "Trailing whitespace",
                        "Trailing spaces not allowed."),
                new CheckRunAnnotations.Finding("src/main/java/com/example/Widget.java", 5, "failure", "Unused import",
                        "'java.util.Optional' is defined but never used.")), findings);
        assertEquals(1, requests.size());
        assertEquals(PATH + "?per_page=100", requests.get(0).uri());
        assertEquals("application/vnd.github+json", requests.get(0).accept());
    }

    @Test
    void followsTheNextLink() {
        String second = api + PATH + "?per_page=100&page=2";
        willAnswer(200, Map.of("Link", "<" + second + ">; rel=\"next\", <" + second + ">; rel=\"last\""),
                GithubFixtures.bytes("check-run-annotations.json"));
        willAnswer(200, Map.of("Link", "<" + api + PATH + "?per_page=100&page=1>; rel=\"prev\""),
                "[{\"path\":\"b.js\",\"start_line\":1,\"annotation_level\":\"notice\",\"message\":\"m\"}]".getBytes(StandardCharsets.UTF_8));
        List<CheckRunAnnotations.Finding> findings = client(UNSET_ENV).list(api + PATH);
        assertEquals(3, findings.size());
        assertEquals(new CheckRunAnnotations.Finding("b.js", 1, "notice", "", "m"), findings.get(2));
        assertEquals(List.of(PATH + "?per_page=100", PATH + "?per_page=100&page=2"), requests.stream().map(Seen::uri).toList());
    }

    @Test
    void doesNotFollowANextLinkOutsideTheApi() {
        // The same server under another name, so a followed link would show up as a second request.
        String elsewhere = "http://localhost:" + server.getAddress().getPort() + PATH + "?page=2";
        willAnswer(200, Map.of("Link", "<" + elsewhere + ">; rel=\"next\""), GithubFixtures.bytes("check-run-annotations.json"));
        assertEquals(2, client(UNSET_ENV).list(api + PATH).size());
        assertEquals(1, requests.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429})
    void serverErrorsAndRateLimitsAreRetryable(int status) {
        willAnswer(status, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client(UNSET_ENV).list(api + PATH));
        assertTrue(e.getMessage().contains(String.valueOf(status)), e.getMessage());
    }

    @Test
    void exhaustedRateLimitOn403IsRetryable() {
        willAnswer(403, Map.of("x-ratelimit-remaining", "0"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalStateException.class, () -> client(UNSET_ENV).list(api + PATH));
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 401, 403, 410})
    void refusalsAreFinal(int status) {
        willAnswer(status, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertThrows(CheckRunAnnotations.Refused.class, () -> client(UNSET_ENV).list(api + PATH));
    }

    @Test
    void bodyThatIsNotAnArrayIsRefused() {
        willAnswer(200, Map.of(), "{\"message\":\"nope\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(CheckRunAnnotations.Refused.class, () -> client(UNSET_ENV).list(api + PATH));
    }

    @Test
    void unreadableBodyIsRefused() {
        willAnswer(200, Map.of(), "[{".getBytes(StandardCharsets.UTF_8));
        assertThrows(CheckRunAnnotations.Refused.class, () -> client(UNSET_ENV).list(api + PATH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.github.com" + PATH, "http://127.0.0.1.evil.example" + PATH, "file:///etc/passwd"})
    void urlOutsideTheConfiguredApiIsRefusedWithoutARequest(String url) {
        assertThrows(CheckRunAnnotations.Refused.class, () -> client(UNSET_ENV).list(url));
        assertEquals(List.of(), requests);
    }

    @Test
    void hostThatOnlyStartsLikeTheApiIsRefusedWithoutARequest() {
        // "http://127.0.0.1:80" is a prefix of "http://127.0.0.1:8080"; the check must compare whole authorities.
        assertThrows(CheckRunAnnotations.Refused.class, () -> client(UNSET_ENV).list(api + "0" + PATH));
        assertEquals(List.of(), requests);
    }

    @Test
    void malformedUrlUnderTheApiIsRefused() {
        assertThrows(CheckRunAnnotations.Refused.class, () -> client(UNSET_ENV).list(api + PATH + "/a b\\c"));
        assertEquals(List.of(), requests);
    }

    @Test
    void noAuthorizationWithoutAToken() {
        willAnswer(200, Map.of(), "[]".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), client(UNSET_ENV).list(api + PATH));
        assertNull(requests.get(0).authorization());
    }

    @Test
    void tokenFromTheNamedVariableIsSentAsBearer() {
        // Any variable that is set will do; PATH is set wherever tests run.
        String value = System.getenv("PATH");
        assumeTrue(value != null && !value.isBlank());
        willAnswer(200, Map.of(), "[]".getBytes(StandardCharsets.UTF_8));
        client("PATH").list(api + PATH);
        assertEquals("Bearer " + value, requests.get(0).authorization());
    }
}
