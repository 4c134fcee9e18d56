package dev.patchlane.decoding.openai;

import static dev.patchlane.decoding.openai.StubServer.Replies.json;
import static dev.patchlane.decoding.openai.StubServer.Replies.stream;
import static dev.patchlane.decoding.openai.Wire.data;
import static dev.patchlane.decoding.openai.Wire.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import dev.patchlane.decoding.resilience.ResilienceSettings;
import dev.patchlane.decoding.resilience.ResilientDecoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Providers echo keys back ("Incorrect API key provided: sk-…"); none of it may reach a message, a log or a toString. */
class ApiKeyNeverLeaksTest {

    private static final String KEY = "sk-proj-LEAKCANARY-7d41c0ffee";
    private static final String ECHO = "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY
            + ". You can find your API key at https://platform.openai.com/account/api-keys.\", \"type\": \"invalid_request_error\", "
            + "\"param\": null, \"code\": \"invalid_api_key\"}}";
    private static final String ECHO_IN_STREAM = "{\"error\": {\"message\": \"upstream rejected " + KEY + "\", \"type\": \"server_error\", "
            + "\"param\": null, \"code\": null}}";

    private final StubServer server = StubServer.start();
    private final Logger decodingLogs = Logger.getLogger("dev.patchlane.decoding");
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = decodingLogs.getLevel();
        decodingLogs.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        decodingLogs.addHandler(capture);
    }

    @AfterEach
    void stop() {
        decodingLogs.removeHandler(capture);
        decodingLogs.setLevel(previousLevel);
        server.close();
    }

    @Test
    void anEchoedKeyIsRedactedFromTheFailureWhileTheServerStillGotIt() {
        server.then(json(401, ECHO));

        DecoderException failure = Streams.failure(decoder(), Streams.request());

        assertEquals(Failure.UNAUTHORIZED, failure.failure());
        assertEquals(1, server.requests());
        assertEquals("Bearer " + KEY, server.received().get(0).authorization());
        assertTrue(failure.getMessage().contains("Incorrect API key provided: [redacted]"), failure.getMessage());
        assertNoKey(everything(failure));
    }

    @Test
    void retriedFailuresLogAndFailWithoutTheKey() {
        server.otherwise(json(500, ECHO));
        server.then(stream(role(), data(ECHO_IN_STREAM)));
        ResilienceSettings settings = new ResilienceSettings(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1),
                Duration.ofSeconds(20), 100, 1.0, Duration.ofSeconds(1));

        DecoderException failure = Streams.failure(new ResilientDecoder(decoder(), settings, new Random(1)), Streams.request());

        assertEquals(Failure.BUDGET_EXHAUSTED, failure.failure());
        assertEquals(3, server.requests());
        assertNoKey(everything(failure));
        assertFalse(logged.isEmpty(), "the retries should have been logged, else this test proves nothing");
        logged.forEach(ApiKeyNeverLeaksTest::assertNoKey);
    }

    @Test
    void noDescriptionOfTheDecoderHoldsTheKey() {
        OpenAiDecoder decoder = decoder();

        assertNoKey(decoder.toString());
        assertNoKey(decoder.describe().toString());
        assertNoKey(decoder.endpoint().toString());
        assertNoKey(new ResilientDecoder(decoder, ResilienceSettings.defaults()).toString());
    }

    private OpenAiDecoder decoder() {
        OpenAiEndpoint endpoint = OpenAiEndpoint.of(server.baseUrl(), "stub-model", OpenAiApi.CHAT)
                .withApiKeyEnv("OPENAI_API_KEY")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new OpenAiDecoder(endpoint, Map.of("OPENAI_API_KEY", KEY)::get);
    }

    private static String everything(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        StringBuilder messages = new StringBuilder(trace.toString());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append('\n').append(t);
        }
        return messages.toString();
    }

    private static void assertNoKey(String text) {
        assertFalse(text.contains(KEY) || text.contains("LEAKCANARY"), "the key leaked into: " + text.replace(KEY, "<KEY>"));
    }
}
