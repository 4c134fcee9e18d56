package dev.patchlane.decoding.emulator.http;

import static dev.patchlane.decoding.emulator.http.TestDecoders.chunk;
import static dev.patchlane.decoding.emulator.http.TestDecoders.emitting;
import static dev.patchlane.decoding.emulator.http.TestDecoders.failing;
import static dev.patchlane.decoding.emulator.http.TestDecoders.failingAfter;
import static dev.patchlane.decoding.emulator.http.TestDecoders.finished;
import static dev.patchlane.decoding.emulator.http.TestDecoders.pausing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DecoderFailuresTest {

    private static EmulatorServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(0, Map.ofEntries(
                Map.entry("rate-limited", failing(new DecoderException(Failure.RATE_LIMITED, 429, Duration.ofMillis(1500), "Rate limit reached.", null))),
                Map.entry("rate-limited-no-wait", failing(new DecoderException(Failure.RATE_LIMITED, "Slow down."))),
                Map.entry("overloaded", failing(new DecoderException(Failure.SERVER_ERROR, 503, null, "Overloaded.", null))),
                Map.entry("broken", failing(new DecoderException(Failure.SERVER_ERROR, "Internal error."))),
                Map.entry("too-long", failing(new DecoderException(Failure.CONTEXT_LENGTH_EXCEEDED, "Prompt of 9000 tokens exceeds 8192."))),
                Map.entry("bad-request", failing(new DecoderException(Failure.BAD_REQUEST, "Invalid schema."))),
                Map.entry("bug", failing(new IllegalStateException("secret internals"))),
                Map.entry("cut-at-once", failing(new DecoderException(Failure.STREAM_CUT, "cut"))),
                Map.entry("cut-midway", failingAfter(new DecoderException(Failure.STREAM_CUT, "cut"), chunk("partial "), chunk("answer"))),
                Map.entry("error-midway", failingAfter(new DecoderException(Failure.SERVER_ERROR, 500, null, "boom", null), chunk("partial"))),
                Map.entry("no-finish", emitting(chunk("half"))),
                Map.entry("restart-early", emitting(chunk("wrong"), new DecodeEvent.Restarted(2, "cut"), chunk("right"), finished("stop", 1, 1))),
                // Streamed, "before anything was sent" must not depend on whether the event loop flushed a first chunk
                // before the restart arrived from the subscribing thread: the restart comes first.
                Map.entry("restart-first", emitting(new DecodeEvent.Restarted(2, "cut"), chunk("right"), finished("stop", 1, 1))),
                Map.entry("restart-late", pausing(new DecodeEvent[] {chunk("written")}, new DecodeEvent.Restarted(2, "cut"), chunk("again"),
                        finished("stop", 1, 1)))), EmulatorServerOptions.defaults());
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> chat(String model, boolean stream) {
        return client.post("/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static JsonNode error(HttpResponse<String> response) {
        JsonNode error = TestClient.json(response.body()).path("error");
        assertTrue(error.has("message") && error.has("type") && error.has("param") && error.has("code"), response.body());
        return error;
    }

    @Test
    void rateLimitsAre429WithRetryAfterInWholeSecondsRoundedUp() {
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response = chat("rate-limited", stream);
            assertEquals(429, response.statusCode());
            assertEquals("2", response.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("1500", response.headers().firstValue("retry-after-ms").orElseThrow());
            JsonNode error = error(response);
            assertEquals("rate_limit_exceeded", error.path("code").asText());
            assertEquals("requests", error.path("type").asText());
            assertEquals("Rate limit reached.", error.path("message").asText());
        }
        HttpResponse<String> noWait = chat("rate-limited-no-wait", false);
        assertEquals(429, noWait.statusCode());
        assertTrue(noWait.headers().firstValue("Retry-After").isEmpty());
    }

    @Test
    void serverErrorsKeepTheirStatusOrBecome500() {
        HttpResponse<String> overloaded = chat("overloaded", true);
        assertEquals(503, overloaded.statusCode());
        assertEquals("server_error", error(overloaded).path("type").asText());
        HttpResponse<String> broken = chat("broken", false);
        assertEquals(500, broken.statusCode());
        assertEquals("Internal error.", error(broken).path("message").asText());
    }

    @Test
    void contextLengthAndBadRequestsAre400() {
        HttpResponse<String> tooLong = client.post("/v1/responses", "{\"model\":\"too-long\",\"input\":\"hi\",\"stream\":true}");
        assertEquals(400, tooLong.statusCode());
        assertEquals("context_length_exceeded", error(tooLong).path("code").asText());
        assertEquals("invalid_request_error", error(tooLong).path("type").asText());
        HttpResponse<String> bad = chat("bad-request", false);
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_request_error", error(bad).path("type").asText());
        assertEquals("Invalid schema.", error(bad).path("message").asText());
    }

    @Test
    void anUnexpectedFailureIsA500ThatHidesItsMessage() {
        HttpResponse<String> response = chat("bug", false);
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("secret internals"));
        assertEquals("server_error", error(response).path("type").asText());
    }

    /** Reads a stream line by line and returns the lines it got before the connection broke; fails if it did not break. */
    private static List<String> linesUntilCut(String api, String body) {
        HttpRequest request = client.request(api).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<String> lines = new ArrayList<>();
        HttpResponse<Stream<String>> response;
        try {
            response = client.client().send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(200, response.statusCode(), "the stream had begun");
        try (Stream<String> stream = response.body()) {
            Iterator<String> it = stream.iterator();
            assertThrows(UncheckedIOException.class, () -> {
                while (it.hasNext()) {
                    lines.add(it.next());
                }
            }, "the connection must break, not end cleanly: " + lines);
        }
        return lines;
    }

    @Test
    void aFailureAfterTheFirstByteClosesTheConnectionWithoutATerminalEvent() {
        String chatBody = "{\"model\":\"cut-midway\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        List<String> lines = linesUntilCut("/v1/chat/completions", chatBody);
        assertTrue(lines.stream().anyMatch(line -> line.contains("partial ")), "what was decoded arrived: " + lines);
        assertFalse(lines.stream().anyMatch(line -> line.contains("[DONE]") || line.contains("finish_reason\":\"")));

        List<String> events = linesUntilCut("/v1/responses", "{\"model\":\"error-midway\",\"stream\":true,\"input\":\"hi\"}");
        assertTrue(events.contains("event: response.output_text.delta"), events.toString());
        assertFalse(events.stream().anyMatch(line -> line.contains("response.completed") || line.contains("response.failed")));

        assertTrue(linesUntilCut("/v1/chat/completions", chatBody.replace("cut-midway", "no-finish")).stream()
                .anyMatch(line -> line.contains("half")));
        assertEquals(200, client.get("/v1/models").statusCode(), "the server goes on serving");
    }

    @Test
    void aStreamCutBeforeAnyByteClosesTheConnectionWithoutAResponse() {
        UncheckedIOException cut = assertThrows(UncheckedIOException.class, () -> chat("cut-at-once", false));
        assertTrue(cut.getCause() instanceof IOException);
        assertThrows(UncheckedIOException.class, () -> chat("cut-at-once", true));
    }

    @Test
    void aFailureOfANonStreamingRequestIsAnErrorEvenAfterTextWasDecoded() {
        HttpResponse<String> response = chat("error-midway", false);
        assertEquals(500, response.statusCode());
        assertEquals("boom", error(response).path("message").asText());
        assertThrows(UncheckedIOException.class, () -> chat("no-finish", false), "a stream that just stops is a cut");
    }

    @Test
    void aRestartBeforeAnythingWasSentStartsTheAnswerOverAfterwardsItCutsTheStream() {
        JsonNode message = TestClient.json(chat("restart-early", false).body()).path("choices").get(0).path("message");
        assertEquals("right", message.path("content").asText());
        String streamed = String.join("", TestClient.data(chat("restart-first", true).body()));
        assertTrue(streamed.contains("right"), streamed);

        JsonNode late = TestClient.json(chat("restart-late", false).body()).path("choices").get(0).path("message");
        assertEquals("again", late.path("content").asText(), "a body is written only at the finish, so it can start over");
        List<String> lines = linesUntilCut("/v1/chat/completions",
                "{\"model\":\"restart-late\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertTrue(lines.stream().anyMatch(line -> line.contains("written")));
        assertFalse(lines.stream().anyMatch(line -> line.contains("again")));
    }
}
