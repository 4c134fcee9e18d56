package dev.patchlane.decoding.openai;

import static dev.patchlane.decoding.openai.StubServer.Replies.stream;
import static dev.patchlane.decoding.openai.StubServer.Replies.streamThenHang;
import static dev.patchlane.decoding.openai.Wire.chatReply;
import static dev.patchlane.decoding.openai.Wire.content;
import static dev.patchlane.decoding.openai.Wire.data;
import static dev.patchlane.decoding.openai.Wire.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key must not leak through the JDK's own exceptions, and a request that cannot be built must still end its stream. */
class KeyInBadPlacesTest {

    private static final String KEY = "sk-proj-LEAKCANARY-7d41c0ffee";
    /** A key pasted with a line break inside: no valid header value, and the JDK quotes invalid values in full. */
    private static final String BROKEN_KEY = "sk-proj-LEAKCANARY\n-7d41c0ffee";

    private final StubServer server = StubServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aKeyThatCannotBeAHeaderValueFailsTheStreamWithoutShowingIt() {
        Throwable failure = Streams.subscribe(decoder(1, name -> BROKEN_KEY), Streams.request()).awaitFailure(Streams.PATIENCE).getFailure();

        DecoderException decoderFailure = assertInstanceOf(DecoderException.class, failure, everything(failure));
        assertEquals(Failure.UNAUTHORIZED, decoderFailure.failure());
        assertEquals(0, server.requests());
        assertNoKey(everything(failure));
    }

    @Test
    void aWaitingStreamWhoseRequestCannotBeBuiltStillEnds() {
        server.then(streamThenHang(role(), content("holding the only slot")));
        server.otherwise(stream(chatReply(5, "ok")));
        AtomicInteger lookups = new AtomicInteger();
        OpenAiDecoder decoder = decoder(1, name -> lookups.getAndIncrement() == 0 ? KEY : BROKEN_KEY);

        AssertSubscriber<DecodeEvent> holder = Streams.subscribe(decoder, Streams.request());
        holder.awaitItems(1, Streams.PATIENCE);
        AssertSubscriber<DecodeEvent> waiter = Streams.subscribe(decoder, Streams.request());
        holder.cancel();

        Throwable failure = waiter.awaitFailure(Duration.ofSeconds(5)).getFailure();
        assertNoKey(everything(failure));
    }

    @Test
    void anUnparseableEventEchoingTheKeyFailsWithoutIt() {
        // a key of letters, digits and underscores (as some providers issue) is one JSON token to the parser's message
        String key = "gsk_LEAKCANARY_7d41c0ffee";
        server.then(stream(role(), data(key + " is not allowed here")));

        DecoderException failure = Streams.failure(decoder(1, name -> key), Streams.request());

        assertEquals(Failure.PROTOCOL, failure.failure());
        assertNoKey(everything(failure));
    }

    private OpenAiDecoder decoder(int streams, Function<String, String> environment) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.of(server.baseUrl(), "stub-model", OpenAiApi.CHAT)
                .withApiKeyEnv("OPENAI_API_KEY")
                .withMaxConcurrentRequests(streams)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new OpenAiDecoder(endpoint, environment);
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
        assertFalse(text.contains("LEAKCANARY"), "the key leaked into: " + text);
    }
}
