package dev.patchlane.decoding.openai;

import static dev.patchlane.decoding.openai.Wire.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server that never ends a line, or one event, must not make the client buffer without bound. */
class HostileStreamTest {

    private final StubServer server = StubServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anEndlessLineFailsTheStreamOnceItPassesTheLimitAndHangsUp() throws InterruptedException {
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'a');
        server.then((exchange, stub) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(role().getBytes(StandardCharsets.UTF_8));
            out.write("data: ".getBytes(StandardCharsets.UTF_8));
            // four times the limit, never a newline; stops early only when the client hangs up
            for (long sent = 0; sent < 4L * StreamExchange.MAX_LINE_CHARS; sent += piece.length) {
                out.write(piece);
            }
            out.flush();
            stub.hangUntilClosed();
        });

        DecoderException failure = Streams.failure(decoder(), Streams.request());

        assertEquals(Failure.PROTOCOL, failure.failure());
        assertTrue(failure.getMessage().contains("line"), failure.getMessage());
        assertTrue(server.awaitWriteFailure(Duration.ofSeconds(10)), "the client should have closed the connection");
    }

    @Test
    void anEndlessEventOfShortDataLinesFailsTheStream() {
        String line = "data: " + "b".repeat(1000) + "\n";
        server.then((exchange, stub) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] bytes = line.repeat(64).getBytes(StandardCharsets.UTF_8);
            for (long sent = 0; sent < 4L * StreamExchange.MAX_LINE_CHARS; sent += bytes.length) {
                out.write(bytes);
            }
            out.flush();
            stub.hangUntilClosed();
        });

        DecoderException failure = Streams.failure(decoder(), Streams.request());

        assertEquals(Failure.PROTOCOL, failure.failure());
    }

    private OpenAiDecoder decoder() {
        OpenAiEndpoint endpoint = OpenAiEndpoint.of(server.baseUrl(), "stub-model", OpenAiApi.CHAT)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
        return new OpenAiDecoder(endpoint, name -> null);
    }
}
