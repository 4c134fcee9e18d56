package dev.patchlane.decoding.resilience;

import static dev.patchlane.decoding.openai.StubServer.Replies.json;
import static dev.patchlane.decoding.openai.StubServer.Replies.stream;
import static dev.patchlane.decoding.openai.StubServer.Replies.streamUntilClientLeaves;
import static dev.patchlane.decoding.openai.Wire.chatReply;
import static dev.patchlane.decoding.openai.Wire.content;
import static dev.patchlane.decoding.openai.Wire.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.DecodeCollector;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeResult;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import dev.patchlane.decoding.StreamGuard;
import dev.patchlane.decoding.openai.OpenAiApi;
import dev.patchlane.decoding.openai.OpenAiDecoder;
import dev.patchlane.decoding.openai.OpenAiEndpoint;
import dev.patchlane.decoding.openai.Streams;
import dev.patchlane.decoding.openai.StubServer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilientDecoderTest {

    private static final String RATE_LIMITED = "{\"error\": {\"message\": \"Rate limit reached for requests\", \"type\": \"requests\", \"param\": null, \"code\": \"rate_limit_exceeded\"}}";
    private static final String OVERLOADED = "{\"error\": {\"message\": \"The server is overloaded\", \"type\": \"server_error\", \"param\": null, \"code\": null}}";

    private final StubServer server = StubServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void waitsAsLongAsRetryAfterSaysBeforeTheNextAttempt() {
        server.then(json(429, RATE_LIMITED, "Retry-After", "1"), stream(chatReply(5, "ok")));

        List<DecodeEvent> events = Streams.events(resilient(settings(4)), Streams.request());

        assertEquals("ok", Streams.text(events));
        assertTrue(events.stream().noneMatch(DecodeEvent.Restarted.class::isInstance));
        long gapMs = gapBetweenRequestsMs(0, 1);
        assertTrue(gapMs >= 950 && gapMs < 6_000, "the second request came " + gapMs + " ms after the first");
    }

    @Test
    void capsAnOverlongRetryAfter() {
        server.then(json(429, RATE_LIMITED, "Retry-After", "30"), stream(chatReply(5, "ok")));
        ResilienceSettings capped = new ResilienceSettings(4, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(200),
                Duration.ofSeconds(20), 100, 1.0, Duration.ofSeconds(1));

        Streams.events(resilient(capped), Streams.request());

        long gapMs = gapBetweenRequestsMs(0, 1);
        assertTrue(gapMs >= 180 && gapMs < 6_000, "the second request came " + gapMs + " ms after the first");
    }

    @Test
    void anExhaustedQuotaFailsAtOnce() {
        server.otherwise(json(429, "{\"error\": {\"message\": \"You exceeded your current quota\", \"type\": \"insufficient_quota\", \"param\": null, \"code\": \"insufficient_quota\"}}"));

        assertEquals(Failure.QUOTA_EXCEEDED, Streams.failure(resilient(settings(4)), Streams.request()).failure());
        assertEquals(1, server.requests());
    }

    @Test
    void theCallersOwnErrorsFailAtOnce() {
        server.then(json(401, "{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}"),
                json(400, "{\"error\": {\"message\": \"This model's maximum context length is 128000 tokens\", \"type\": \"invalid_request_error\", \"code\": \"context_length_exceeded\"}}"));
        ResilientDecoder decoder = resilient(settings(4));

        assertEquals(Failure.UNAUTHORIZED, Streams.failure(decoder, Streams.request()).failure());
        assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, Streams.failure(decoder, Streams.request()).failure());
        assertEquals(2, server.requests());
    }

    @Test
    void aServerErrorBeforeAnyOutputIsRetriedWithoutARestart() {
        server.then(json(500, OVERLOADED), stream(chatReply(5, "fixed")));

        List<DecodeEvent> events = Streams.events(resilient(settings(4)), Streams.request());

        assertEquals(2, server.requests());
        assertEquals("fixed", Streams.text(events));
        assertTrue(events.stream().noneMatch(DecodeEvent.Restarted.class::isInstance), events.toString());
    }

    @Test
    void aStreamCutMidwayRestartsWholeAndIsNeverSpliced() {
        server.then(stream(role(), content("def f(x):"), content(" return x +")),
                stream(chatReply(9, "def f(x):", " return x - 1")),
                stream(role(), content("def f(x):"), content(" return x +")),
                stream(chatReply(9, "def f(x):", " return x - 1")));
        ResilientDecoder decoder = resilient(settings(4));

        List<DecodeEvent> events = Streams.events(decoder, Streams.request());
        DecodeResult collected = DecodeCollector.collect(decoder, Streams.request(), StreamGuard.NONE, Streams.PATIENCE);

        int restart = indexOfRestart(events);
        assertEquals("def f(x): return x +", Streams.text(events.subList(0, restart)));
        DecodeEvent.Restarted restarted = (DecodeEvent.Restarted) events.get(restart);
        assertEquals(2, restarted.attempt());
        assertTrue(restarted.reason().contains("STREAM_CUT"), restarted.reason());
        assertEquals("def f(x): return x - 1", Streams.text(events.subList(restart + 1, events.size())));
        assertEquals("def f(x): return x - 1", collected.text());
        assertEquals(1, collected.restarts());
        assertEquals(4, server.requests());
    }

    @Test
    void neverMakesMoreAttemptsThanTheBudget() throws InterruptedException {
        server.otherwise(json(503, OVERLOADED));

        DecoderException failure = Streams.failure(resilient(settings(3)), Streams.request());
        Thread.sleep(200);

        assertEquals(Failure.BUDGET_EXHAUSTED, failure.failure());
        assertTrue(failure.getMessage().contains("SERVER_ERROR") && failure.getMessage().contains("The server is overloaded"), failure.getMessage());
        assertEquals(Failure.SERVER_ERROR, assertInstanceOf(DecoderException.class, failure.getCause()).failure());
        assertEquals(3, server.requests(), failure.getMessage());
    }

    @Test
    void doesNotWaitForARetryThatWouldStartAfterTheDeadline() {
        server.otherwise(json(429, RATE_LIMITED, "Retry-After", "5"));
        ResilienceSettings shortDeadline = new ResilienceSettings(4, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(10),
                Duration.ofMillis(800), 100, 1.0, Duration.ofSeconds(1));
        long start = System.nanoTime();

        DecoderException failure = Streams.failure(resilient(shortDeadline), Streams.request());

        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(Failure.BUDGET_EXHAUSTED, failure.failure());
        assertTrue(failure.getMessage().contains("deadline") && failure.getMessage().contains("RATE_LIMITED"), failure.getMessage());
        assertEquals(1, server.requests());
        assertTrue(elapsedMs < 4_000, "gave up after " + elapsedMs + " ms instead of at once");
    }

    @Test
    void theBreakerOpensOnRepeatedServerErrorsAndThenRefusesWithoutARequest() {
        server.otherwise(json(500, OVERLOADED));
        ResilientDecoder decoder = resilient(new ResilienceSettings(2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1),
                Duration.ofSeconds(20), 4, 0.5, Duration.ofSeconds(60)));

        assertEquals(Failure.BUDGET_EXHAUSTED, Streams.failure(decoder, Streams.request()).failure());
        assertEquals(Failure.BUDGET_EXHAUSTED, Streams.failure(decoder, Streams.request()).failure());
        assertEquals(CircuitBreakerState.OPEN, decoder.circuitState());
        DecoderException refused = Streams.failure(decoder, Streams.request());

        assertEquals(Failure.CIRCUIT_OPEN, refused.failure());
        assertEquals(4, server.requests());
    }

    @Test
    void anOpenBreakerLetsATrialThroughAfterItsDelayAndClosesOnSuccess() throws InterruptedException {
        server.then(json(500, OVERLOADED), json(500, OVERLOADED), stream(chatReply(3, "back")));
        ResilientDecoder decoder = resilient(new ResilienceSettings(1, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1),
                Duration.ofSeconds(20), 2, 1.0, Duration.ofMillis(300)));
        Streams.failure(decoder, Streams.request());
        Streams.failure(decoder, Streams.request());
        assertEquals(Failure.CIRCUIT_OPEN, Streams.failure(decoder, Streams.request()).failure());

        Thread.sleep(500);
        List<DecodeEvent> events = Streams.events(decoder, Streams.request());

        assertEquals("back", Streams.text(events));
        assertEquals(3, server.requests());
        assertEquals(CircuitBreakerState.CLOSED, decoder.circuitState());
    }

    @Test
    void badRequestsNeverOpenTheBreaker() {
        String invalid = "{\"error\": {\"message\": \"Invalid schema\", \"type\": \"invalid_request_error\", \"code\": null}}";
        server.then(json(400, invalid), json(400, invalid), json(400, invalid), stream(chatReply(3, "fine")));
        ResilientDecoder decoder = resilient(new ResilienceSettings(2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1),
                Duration.ofSeconds(20), 2, 0.5, Duration.ofSeconds(60)));

        for (int i = 0; i < 3; i++) {
            assertEquals(Failure.BAD_REQUEST, Streams.failure(decoder, Streams.request()).failure());
        }

        assertEquals("fine", Streams.text(Streams.events(decoder, Streams.request())));
        assertEquals(4, server.requests());
        assertEquals(CircuitBreakerState.CLOSED, decoder.circuitState());
    }

    @Test
    void cancellingDuringTheBackoffStopsTheRetries() throws InterruptedException {
        server.otherwise(json(503, OVERLOADED, "Retry-After", "1"));

        AssertSubscriber<DecodeEvent> subscriber = Streams.subscribe(resilient(settings(4)), Streams.request());
        awaitRequests(1);
        Thread.sleep(100);
        subscriber.cancel();
        Thread.sleep(1_500);

        assertEquals(1, server.requests());
        assertTrue(subscriber.getItems().isEmpty());
    }

    @Test
    void cancellingDuringAnAttemptClosesItsConnectionAndRetriesNothing() throws InterruptedException {
        server.otherwise(streamUntilClientLeaves(content("tok "), Duration.ofMillis(20)));

        AssertSubscriber<DecodeEvent> subscriber = Streams.subscribe(resilient(settings(4)), Streams.request());
        subscriber.awaitItems(2, Streams.PATIENCE);
        subscriber.cancel();

        assertTrue(server.awaitWriteFailure(Duration.ofSeconds(10)), "the server could still write after the subscriber cancelled");
        Thread.sleep(200);
        assertEquals(1, server.requests());
    }

    private long gapBetweenRequestsMs(int first, int second) {
        List<StubServer.Received> received = server.received();
        return Duration.ofNanos(received.get(second).arrivedNanos() - received.get(first).arrivedNanos()).toMillis();
    }

    private void awaitRequests(int count) throws InterruptedException {
        long end = System.nanoTime() + Streams.PATIENCE.toNanos();
        while (server.requests() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    private static int indexOfRestart(List<DecodeEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof DecodeEvent.Restarted) {
                return i;
            }
        }
        throw new AssertionError("no Restarted event in " + events);
    }

    /** Short waits and a breaker that never opens, so only what a test sets up matters. */
    private static ResilienceSettings settings(int maxAttempts) {
        return new ResilienceSettings(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(20),
                100, 1.0, Duration.ofSeconds(1));
    }

    private ResilientDecoder resilient(ResilienceSettings settings) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.of(server.baseUrl(), "stub-model", OpenAiApi.CHAT)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new ResilientDecoder(new OpenAiDecoder(endpoint, name -> null), settings, new Random(7));
    }
}
