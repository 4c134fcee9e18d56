package dev.patchlane.decoding.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that goes away, or a server that closes, cancels the decoder stream so its slot is freed. */
class DisconnectTest {

    private static final String STREAM = "{\"model\":\"endless\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void aClientThatClosesAStreamCancelsTheDecoder() throws Exception {
        TestDecoders.Endless endless = new TestDecoders.Endless();
        try (EmulatorServer server = EmulatorServer.start(0, Map.of("endless", endless), EmulatorServerOptions.defaults())) {
            TestClient client = new TestClient(server);
            HttpRequest request = client.request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(STREAM)).build();
            HttpResponse<InputStream> response = client.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertTrue(reader.readLine().startsWith("data: "));
                assertTrue(reader.readLine().isEmpty());
                assertTrue(reader.readLine().contains("tick 0"));
            }
            assertTrue(endless.cancelled.await(5, TimeUnit.SECONDS), "closing the body must cancel the decoder stream");
        }
    }

    @Test
    void aClientThatHangsUpBeforeTheAnswerCancelsTheDecoder() throws Exception {
        TestDecoders.Endless endless = new TestDecoders.Endless();
        try (EmulatorServer server = EmulatorServer.start(0, Map.of("endless", endless), EmulatorServerOptions.defaults())) {
            byte[] body = STREAM.replace("\"stream\":true", "\"stream\":false").getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                assertTrue(endless.started.await(5, TimeUnit.SECONDS));
            }
            assertTrue(endless.cancelled.await(5, TimeUnit.SECONDS), "a non-streaming request is cancelled too");
        }
    }

    @Test
    void closingTheServerCancelsTheStreamsItCarriesAndLeavesItsVertxRunning() throws Exception {
        TestDecoders.Endless endless = new TestDecoders.Endless();
        Vertx vertx = Vertx.vertx();
        EmulatorServer server = EmulatorServer.start(vertx, 0, Map.of("endless", endless), EmulatorServerOptions.defaults());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 200 OK", reader.readLine());
            server.close();
            assertTrue(endless.cancelled.await(5, TimeUnit.SECONDS));
            assertEquals(List.of(), vertx.deploymentIDs().stream().toList(), "the server undeployed what it deployed");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
