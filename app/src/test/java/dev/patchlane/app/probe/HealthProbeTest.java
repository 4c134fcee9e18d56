package dev.patchlane.app.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/up", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void upIsZeroAndDownIsOne() {
        assertEquals(0, HealthProbe.check(url("/up")));
        assertEquals(1, HealthProbe.check(url("/down")));
    }

    @Test
    void closedPortIsOne() {
        int port = server.getAddress().getPort();
        server.stop(0);
        assertEquals(1, HealthProbe.check("http://127.0.0.1:" + port + "/q/health"));
    }

    @Test
    void badArgumentsAreTwo() {
        assertEquals(2, HealthProbe.check());
        assertEquals(2, HealthProbe.check("a", "b"));
        assertEquals(2, HealthProbe.check("file:///etc/passwd"));
        assertEquals(2, HealthProbe.check("http://exa mple"));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
