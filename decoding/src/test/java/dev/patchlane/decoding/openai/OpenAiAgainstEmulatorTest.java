package dev.patchlane.decoding.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeCollector;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecodeResult;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import dev.patchlane.decoding.StreamGuard;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.FaultSettings;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.http.EmulatorServer;
import dev.patchlane.decoding.emulator.http.EmulatorServerOptions;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.decoding.resilience.ResilienceSettings;
import dev.patchlane.decoding.resilience.ResilientDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The project's own client against the project's own emulator over a real socket: every fault the emulator injects
 * arrives as the failure a real endpoint's would, and the resilience wrapper treats it as it should.
 */
class OpenAiAgainstEmulatorTest {

    private static final String PROMPT = "Rename the helper so the call sites read better, and keep the behaviour.";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final List<EmulatedDecoder> DECODERS = new ArrayList<>();
    private static EmulatorServer server;

    @BeforeAll
    static void start() {
        Map<String, dev.patchlane.decoding.Decoder> models = new LinkedHashMap<>();
        models.put("healthy", emulator("healthy", FaultSettings.NONE));
        models.put("rate-limited", emulator("rate-limited", new FaultSettings(1, 0, 0, 0, 0)));
        models.put("failing", emulator("failing", new FaultSettings(0, 1, 0, 0, 0)));
        models.put("cut", emulator("cut", new FaultSettings(0, 0, 1, 0, 0)));
        models.put("truncated", emulator("truncated", new FaultSettings(0, 0, 0, 1, 0)));
        models.put("malformed", emulator("malformed", new FaultSettings(0, 0, 0, 0, 1)));
        server = EmulatorServer.start(0, models, EmulatorServerOptions.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
        DECODERS.forEach(EmulatedDecoder::close);
    }

    private static EmulatedDecoder emulator(String lane, FaultSettings faults) {
        EmulatorSettings settings = EmulatorSettings.fastLane().withLane(lane).withFaults(faults, 7)
                .withChunkInterval(Duration.ofMillis(5)).withOverride(new StreamTiming(Duration.ofMillis(20), 4_000));
        EmulatedDecoder decoder = EmulatedDecoder.create(settings, List.of(), Profiles.builtIn());
        DECODERS.add(decoder);
        return decoder;
    }

    private static OpenAiDecoder client(String model, OpenAiApi api) {
        return new OpenAiDecoder(OpenAiEndpoint.of(server.baseUri().toString(), model, api).withContextWindow(10_000_000)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)), name -> null);
    }

    private static ResilientDecoder resilient(Decoder decoder, int attempts) {
        return new ResilientDecoder(decoder, new ResilienceSettings(attempts, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(5), TIMEOUT, 100, 1.0, Duration.ofSeconds(1)), new Random(1));
    }

    private static DecodeResult collect(Decoder decoder, DecodeRequest request) {
        return DecodeCollector.collect(decoder, request, StreamGuard.NONE, TIMEOUT);
    }

    private static DecodeRequest request(String prompt) {
        return new DecodeRequest(List.of(ChatMessage.user(prompt)), 500, null);
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void aHealthyReplyArrivesWholeAndLabelledEmulated(OpenAiApi api) {
        DecodeResult result = collect(client("healthy", api), request(PROMPT));
        assertEquals(PROMPT, result.text());
        assertEquals("stop", result.finishReason());
        assertEquals("emulator:echo", result.contentSource(), "emulated content is never taken for a model's");
        assertTrue(result.usage().completionTokens() > 0);
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void a429IsRetriedAfterItsRetryAfterUntilTheBudgetIsSpent(OpenAiApi api) {
        DecoderException alone = assertThrows(DecoderException.class, () -> collect(client("rate-limited", api), request(PROMPT)));
        assertEquals(Failure.RATE_LIMITED, alone.failure());
        assertTrue(alone.retryAfter().orElseThrow().toMillis() >= 1000, alone.retryAfter().toString());

        long start = System.nanoTime();
        DecoderException retried = assertThrows(DecoderException.class,
                () -> collect(resilient(client("rate-limited", api), 2), request(PROMPT)));
        assertEquals(Failure.BUDGET_EXHAUSTED, retried.failure());
        assertTrue(retried.getMessage().contains("RATE_LIMITED"), retried.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 950, "waited for Retry-After between the two attempts");
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void a5xxIsRetriedAndThenReportedWithTheLastFailure(OpenAiApi api) {
        DecoderException alone = assertThrows(DecoderException.class, () -> collect(client("failing", api), request(PROMPT)));
        assertEquals(Failure.SERVER_ERROR, alone.failure());
        assertTrue(alone.httpStatus() >= 500, "status " + alone.httpStatus());

        DecoderException retried = assertThrows(DecoderException.class,
                () -> collect(resilient(client("failing", api), 3), request(PROMPT)));
        assertEquals(Failure.BUDGET_EXHAUSTED, retried.failure());
        assertTrue(retried.getMessage().contains("SERVER_ERROR"), retried.getMessage());
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void aStreamCutMidwayIsRequestedWholeAgainNeverSpliced(OpenAiApi api) {
        DecoderException alone = assertThrows(DecoderException.class, () -> collect(client("cut", api), request(PROMPT)));
        assertEquals(Failure.STREAM_CUT, alone.failure());

        List<dev.patchlane.decoding.DecodeEvent> events = resilient(client("cut", api), 3).stream(request(PROMPT))
                .onFailure().recoverWithCompletion().collect().asList().await().atMost(TIMEOUT);
        long restarts = events.stream().filter(e -> e instanceof dev.patchlane.decoding.DecodeEvent.Restarted).count();
        assertEquals(2, restarts, "each of the two retries first voids what the cut stream had sent: " + events);
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void aTruncatedReplyEndsWithFinishReasonLength(OpenAiApi api) {
        DecodeResult result = collect(client("truncated", api), request(PROMPT));
        assertEquals("length", result.finishReason());
        assertTrue(PROMPT.startsWith(result.text()) && result.text().length() < PROMPT.length(), result.text());
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void malformedStructuredOutputReallyIsNotJson(OpenAiApi api) {
        String json = "{\"summary\": \"renamed\", \"files\": [\"a.txt\"]}";
        JsonNode schema = Json.mapper().createObjectNode().put("type", "object");
        DecodeResult result = collect(client("malformed", api), new DecodeRequest(List.of(ChatMessage.user(json)), 500, schema));
        assertThrows(IOException.class, () -> Json.mapper().readTree(result.text()), result.text());
        DecodeResult healthy = collect(client("healthy", api), new DecodeRequest(List.of(ChatMessage.user(json)), 500, schema));
        assertEquals(json, healthy.text());
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void aPromptOverTheEmulatedContextWindowIsRefusedAndNotRetried(OpenAiApi api) {
        DecodeRequest tooLong = new DecodeRequest(List.of(ChatMessage.user(PROMPT)), 200_000, null);
        DecoderException refused = assertThrows(DecoderException.class, () -> collect(resilient(client("healthy", api), 3), tooLong));
        assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, refused.failure());
        assertEquals(400, refused.httpStatus());
    }
}
