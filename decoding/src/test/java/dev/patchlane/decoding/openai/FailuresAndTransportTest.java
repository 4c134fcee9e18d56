package dev.patchlane.decoding.openai;

import static dev.patchlane.decoding.openai.StubServer.Replies.json;
import static dev.patchlane.decoding.openai.StubServer.Replies.stream;
import static dev.patchlane.decoding.openai.StubServer.Replies.streamOnceConcurrent;
import static dev.patchlane.decoding.openai.StubServer.Replies.streamThenHang;
import static dev.patchlane.decoding.openai.StubServer.Replies.streamUntilClientLeaves;
import static dev.patchlane.decoding.openai.Wire.chatReply;
import static dev.patchlane.decoding.openai.Wire.content;
import static dev.patchlane.decoding.openai.Wire.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresAndTransportTest {

    private static final String KEY = "sk-stub-failures-9a8b7c6d";

    private final StubServer server = StubServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "HTTP {0} {1} → {2}")
    @CsvSource({
            "400, invalid_request_error, BAD_REQUEST",
            "400, context_length_exceeded, CONTEXT_LENGTH_EXCEEDED",
            "404, model_not_found, BAD_REQUEST",
            "422, unprocessable_entity, BAD_REQUEST",
            "401, invalid_api_key, UNAUTHORIZED",
            "403, unsupported_country_region_territory, UNAUTHORIZED",
            "429, insufficient_quota, QUOTA_EXCEEDED",
            "429, rate_limit_exceeded, RATE_LIMITED",
            "500, server_error, SERVER_ERROR",
            "503, overloaded, SERVER_ERROR"})
    void mapsAnErrorStatusToAFailureThatSaysWhetherRetryingHelps(int status, String code, Failure expected) {
        server.then(json(status, "{\"error\": {\"message\": \"stub says " + code + "\", \"type\": \"invalid_request_error\", \"param\": null, \"code\": \""
                + code + "\"}}"));

        DecoderException failure = Streams.failure(decoder(endpoint()), Streams.request());

        assertEquals(expected, failure.failure());
        assertEquals(status, failure.httpStatus());
        assertTrue(failure.getMessage().contains("stub says " + code), failure.getMessage());
        assertEquals(1, server.requests());
    }

    @Test
    void readsRetryAfterInSecondsOrOpenAisMilliseconds() {
        server.then(json(429, "{\"error\": {\"message\": \"slow down\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}", "Retry-After", "2"),
                json(503, "{\"error\": {\"message\": \"busy\"}}", "retry-after-ms", "1500", "Retry-After", "9"));
        OpenAiDecoder decoder = decoder(endpoint());

        assertEquals(Optional.of(Duration.ofSeconds(2)), Streams.failure(decoder, Streams.request()).retryAfter());
        assertEquals(Optional.of(Duration.ofMillis(1500)), Streams.failure(decoder, Streams.request()).retryAfter());
    }

    @Test
    void aServerThatFallsSilentIsAReadTimeout() {
        server.then(streamThenHang(role(), content("Hel")));
        OpenAiEndpoint impatient = endpoint().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(10));
        long start = System.nanoTime();

        AssertSubscriber<DecodeEvent> subscriber = Streams.subscribe(decoder(impatient), Streams.request());
        DecoderException failure = Streams.failureOf(subscriber);

        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(Failure.READ_TIMEOUT, failure.failure());
        assertEquals("Hel", Streams.text(subscriber.getItems()));
        assertTrue(elapsedMs >= 280 && elapsedMs < 8_000, "failed after " + elapsedMs + " ms");
    }

    @Test
    void aReplyThatTricklesPastTheTotalTimeoutIsCutAndItsConnectionClosed() throws InterruptedException {
        server.then(streamUntilClientLeaves(content("x"), Duration.ofMillis(40)));
        OpenAiEndpoint bounded = endpoint().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMillis(500));

        DecoderException failure = Streams.failure(decoder(bounded), Streams.request());

        assertEquals(Failure.READ_TIMEOUT, failure.failure());
        assertTrue(failure.getMessage().contains("total timeout"), failure.getMessage());
        assertTrue(server.awaitWriteFailure(Duration.ofSeconds(10)), "the server kept writing to an open connection");
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OpenAiEndpoint nowhere = OpenAiEndpoint.of("http://127.0.0.1:" + closedPort + "/v1", "stub-model", OpenAiApi.CHAT);

        DecoderException failure = Streams.failure(new OpenAiDecoder(nowhere, name -> null), Streams.request());

        assertEquals(Failure.CONNECT, failure.failure());
        assertTrue(failure.retryable());
    }

    @Test
    void cancellingTheSubscriptionClosesTheConnection() throws InterruptedException {
        server.then(streamUntilClientLeaves(content("token "), Duration.ofMillis(20)));

        AssertSubscriber<DecodeEvent> subscriber = Streams.subscribe(decoder(endpoint()), Streams.request());
        subscriber.awaitItems(3, Streams.PATIENCE);
        subscriber.cancel();

        assertTrue(server.awaitWriteFailure(Duration.ofSeconds(10)), "the server could still write after the subscriber cancelled");
        assertEquals(1, server.requests());
    }

    @Test
    void neverHasMoreRequestsInFlightThanTheEndpointAllows() {
        server.otherwise(streamOnceConcurrent(3, Duration.ofMillis(300), chatReply(3, "a", "b")));
        OpenAiDecoder decoder = decoder(endpoint().withMaxConcurrentRequests(2));

        List<AssertSubscriber<DecodeEvent>> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add(Streams.subscribe(decoder, Streams.request()));
        }
        streams.forEach(stream -> stream.awaitCompletion(Streams.PATIENCE));

        assertEquals(6, server.requests());
        assertEquals(2, server.maxInFlight(), "each reply waits for a third stream, which the limit must hold back");
    }

    @Test
    void aStreamCancelledWhileWaitingForASlotNeverSendsAndFreesNothingItDidNotHold() {
        server.then(streamThenHang(role(), content("held")), stream(chatReply(3, "third")));
        OpenAiDecoder decoder = decoder(endpoint().withMaxConcurrentRequests(1));

        AssertSubscriber<DecodeEvent> holding = Streams.subscribe(decoder, Streams.request());
        holding.awaitItems(1, Streams.PATIENCE);
        AssertSubscriber<DecodeEvent> waiting = Streams.subscribe(decoder, Streams.request());
        waiting.cancel();
        holding.cancel();
        List<DecodeEvent> third = Streams.events(decoder, Streams.request());

        assertEquals("third", Streams.text(third));
        assertEquals(2, server.requests(), "the cancelled waiter must not have been sent");
        assertTrue(waiting.getItems().isEmpty());
    }

    private OpenAiEndpoint endpoint() {
        return OpenAiEndpoint.of(server.baseUrl(), "stub-model", OpenAiApi.CHAT)
                .withApiKeyEnv("STUB_KEY")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static OpenAiDecoder decoder(OpenAiEndpoint endpoint) {
        return new OpenAiDecoder(endpoint, Map.of("STUB_KEY", KEY)::get);
    }
}
