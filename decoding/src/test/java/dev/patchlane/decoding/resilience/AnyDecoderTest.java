package dev.patchlane.decoding.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import dev.patchlane.decoding.openai.Streams;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The wrapper needs nothing of HTTP: an in-process decoder gets the same restarts, budget and pass-through. */
class AnyDecoderTest {

    private final ResilienceSettings settings = new ResilienceSettings(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1),
            Duration.ofSeconds(10), 100, 1.0, Duration.ofSeconds(1));

    @Test
    void restartsAnInProcessDecoderThatEndedWithoutAFinish() {
        AtomicInteger subscriptions = new AtomicInteger();
        Decoder flaky = decoder(() -> subscriptions.incrementAndGet() == 1
                ? Multi.createFrom().items(new DecodeEvent.Chunk("draft", 1))
                : Multi.createFrom().items(new DecodeEvent.Chunk("final", 1), new DecodeEvent.Finished(new Usage(3, 1), "stop", "script")));

        List<DecodeEvent> events = Streams.events(new ResilientDecoder(flaky, settings, new Random(3)), Streams.request());

        assertEquals(List.of(new DecodeEvent.Chunk("draft", 1), events.get(1), new DecodeEvent.Chunk("final", 1),
                new DecodeEvent.Finished(new Usage(3, 1), "stop", "script")), events);
        assertEquals(2, assertInstanceOf(DecodeEvent.Restarted.class, events.get(1)).attempt());
        assertEquals(2, subscriptions.get());
    }

    @Test
    void passesOnAFailureThatIsNotADecoderFailureUntouchedAndUnretried() {
        AtomicInteger subscriptions = new AtomicInteger();
        Decoder broken = decoder(() -> {
            subscriptions.incrementAndGet();
            return Multi.createFrom().failure(new IllegalStateException("bug in the emulator"));
        });

        Throwable failure = Streams.subscribe(new ResilientDecoder(broken, settings), Streams.request()).awaitFailure(Streams.PATIENCE).getFailure();

        assertEquals("bug in the emulator", assertInstanceOf(IllegalStateException.class, failure).getMessage());
        assertEquals(1, subscriptions.get());
    }

    @Test
    void describesItselfAsTheDecoderItWraps() {
        Decoder inner = decoder(() -> Multi.createFrom().failure(new DecoderException(Failure.PROTOCOL, "x")));

        assertEquals(inner.describe(), new ResilientDecoder(inner, settings).describe());
    }

    private static Decoder decoder(java.util.function.Supplier<Multi<DecodeEvent>> streams) {
        return new Decoder() {
            @Override
            public Multi<DecodeEvent> stream(DecodeRequest request) {
                return Multi.createFrom().deferred(streams::get);
            }

            @Override
            public DecoderInfo describe() {
                return new DecoderInfo("emulator", "test-class", true, "script", "in-process", "test@cpu");
            }
        };
    }
}
