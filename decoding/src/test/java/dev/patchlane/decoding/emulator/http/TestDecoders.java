package dev.patchlane.decoding.emulator.http;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.ToolCall;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Small decoders that emit real events, for tests of the server. */
final class TestDecoders {

    private TestDecoders() {
    }

    static Decoder of(Function<DecodeRequest, Multi<DecodeEvent>> stream) {
        return new Decoder() {
            @Override
            public Multi<DecodeEvent> stream(DecodeRequest request) {
                return stream.apply(request);
            }

            @Override
            public DecoderInfo describe() {
                return new DecoderInfo("test", "test", true, "test", "in-process", null);
            }
        };
    }

    static Decoder emitting(DecodeEvent... events) {
        return of(request -> Multi.createFrom().items(events));
    }

    static Decoder failing(Throwable failure) {
        return of(request -> Multi.createFrom().failure(failure));
    }

    /** Emits {@code first}, waits a little so they are surely written, then fails. */
    static Decoder failingAfter(Throwable failure, DecodeEvent... first) {
        return of(request -> Multi.createBy().concatenating().streams(Multi.createFrom().items(first),
                Multi.createFrom().<DecodeEvent>failure(failure).onSubscription().call(() -> pause())));
    }

    /** Emits {@code first}, waits a little, then emits {@code then}. */
    static Decoder pausing(DecodeEvent[] first, DecodeEvent... then) {
        return of(request -> Multi.createBy().concatenating().streams(Multi.createFrom().items(first),
                Multi.createFrom().items(then).onSubscription().call(() -> pause())));
    }

    private static io.smallrye.mutiny.Uni<Void> pause() {
        return io.smallrye.mutiny.Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(150));
    }

    static DecodeEvent.Chunk chunk(String text) {
        return new DecodeEvent.Chunk(text, 1);
    }

    static DecodeEvent.ToolCalled call(String id, String name, String arguments) {
        return new DecodeEvent.ToolCalled(new ToolCall(id, name, arguments));
    }

    static DecodeEvent.Finished finished(String reason, long prompt, long completion) {
        return new DecodeEvent.Finished(new Usage(prompt, completion), reason, "test");
    }

    /** Records the last request and answers with the text of its last user message. */
    static final class Recording implements Decoder {
        final AtomicReference<DecodeRequest> last = new AtomicReference<>();

        @Override
        public Multi<DecodeEvent> stream(DecodeRequest request) {
            last.set(request);
            return Multi.createFrom().items(chunk(request.lastUserMessage()), finished("stop", request.promptTokens(), 1));
        }

        @Override
        public DecoderInfo describe() {
            return new DecoderInfo("recording", "test", true, "test", "in-process", null);
        }
    }

    /** One chunk every 10 ms until cancelled; counts the cancellations. */
    static final class Endless implements Decoder {
        final CountDownLatch cancelled = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public Multi<DecodeEvent> stream(DecodeRequest request) {
            return Multi.createFrom().ticks().every(Duration.ofMillis(10))
                    .onSubscription().invoke(started::countDown)
                    .map(tick -> (DecodeEvent) chunk("tick " + tick + "\n"))
                    .onCancellation().invoke(cancelled::countDown);
        }

        @Override
        public DecoderInfo describe() {
            return new DecoderInfo("endless", "test", true, "test", "in-process", null);
        }
    }
}
