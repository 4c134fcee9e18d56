package dev.patchlane.decoding.emulator;

import static dev.patchlane.decoding.emulator.Requests.decoder;
import static dev.patchlane.decoding.emulator.Requests.echo;
import static dev.patchlane.decoding.emulator.Requests.fixed;
import static dev.patchlane.decoding.emulator.Requests.text;
import static dev.patchlane.decoding.emulator.Requests.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The device on a manual clock: every assertion is on the schedule the timing computes, to the millisecond. */
class EmulatedDeviceTest {

    private static final long MS = 1_000_000;

    private final ManualScheduler clock = new ManualScheduler();

    private Recorder record(EmulatedDecoder decoder, DecodeRequest request) {
        Recorder recorder = Recorder.of(decoder.stream(request), clock::nanoTime);
        clock.runPending();
        return recorder;
    }

    @Test
    void aFastLaneStreamFollowsTheTimingModelInCoarseChunks() {
        EmulatedDecoder decoder = decoder(EmulatorSettings.fastLane().withFaults(FaultSettings.NONE, 1), clock);
        String reply = text("fast", 60);
        DecodeRequest request = echo(reply);
        Recorder stream = record(decoder, request);
        clock.advance(Duration.ofSeconds(5));

        StreamTiming target = decoder.timing().target(request.promptTokens(), tokens(reply), 1);
        assertTrue(target.tokensPerSecond() > 1000, "the fast class decodes at over 1,000 tok/s: " + target);
        assertEquals(reply, stream.text());
        assertEquals(tokens(reply), stream.tokens());
        assertNear(target.timeToFirstToken().toNanos(), stream.firstChunkAt() - stream.subscribedAt, MS, "time to first token");
        double decodeSeconds = (stream.lastChunkAt() - stream.firstChunkAt()) / 1e9;
        assertNear((tokens(reply) - 1) / target.tokensPerSecond(), decodeSeconds, 0.002, "decode time");
        int largest = stream.chunks().stream().mapToInt(c -> ((dev.patchlane.decoding.DecodeEvent.Chunk) c.event()).tokens()).max().orElseThrow();
        assertTrue(largest > 10, "a 25 ms chunk carries every token due since the last: " + largest);
        assertEquals("stop", stream.finished().orElseThrow().finishReason());
        assertEquals("echo", stream.finished().orElseThrow().contentSource());
    }

    @Test
    void aDeepLaneStreamShowsItsFirstTokenAfterItsHiddenReasoning() {
        EmulatedDecoder decoder = decoder(EmulatorSettings.deepLane(), clock);
        String reply = text("deep", 20);
        DecodeRequest request = echo(reply);
        Recorder stream = record(decoder, request);
        clock.advance(Duration.ofSeconds(30));

        StreamTiming target = decoder.timing().target(request.promptTokens(), tokens(reply), 1);
        double startSeconds = decoder.timing().startSeconds(request.promptTokens());
        int hidden = decoder.timing().hiddenTokens();
        assertTrue(hidden > 0, "codex-class reasons before it answers");
        assertNear(startSeconds + hidden / target.tokensPerSecond(), target.timeToFirstToken().toNanos() / 1e9, 1e-6, "target TTFT");
        assertNear(target.timeToFirstToken().toNanos(), stream.firstChunkAt() - stream.subscribedAt, MS, "time to first token");
        assertNear((tokens(reply) - 1) / target.tokensPerSecond(), (stream.lastChunkAt() - stream.firstChunkAt()) / 1e9, 0.002,
                "decode time");
        assertEquals(tokens(reply), stream.finished().orElseThrow().usage().completionTokens(), "hidden tokens are not billed");
    }

    @Test
    void moreActiveStreamsSlowEachStreamOnAGpu() {
        EmulatorSettings settings = EmulatorSettings.deepLane().withCapacity(4, 1, 16);
        EmulatedDecoder decoder = decoder(settings, clock);
        String reply = text("batch", 40);
        Recorder first = Recorder.of(decoder.stream(echo(reply)), clock::nanoTime);
        Recorder second = Recorder.of(decoder.stream(echo(reply)), clock::nanoTime);
        clock.advance(Duration.ofSeconds(60));

        int promptTokens = echo(reply).promptTokens();
        StreamTiming alone = decoder.timing().target(promptTokens, tokens(reply), 1);
        StreamTiming together = decoder.timing().target(promptTokens, tokens(reply), 2);
        assertTrue(together.tokensPerSecond() < 0.6 * alone.tokensPerSecond(), alone + " vs " + together);
        for (Recorder stream : new Recorder[] {first, second}) {
            assertNear(together.timeToFirstToken().toNanos(), stream.firstChunkAt() - stream.subscribedAt, MS, "TTFT at batch 2");
            assertNear((tokens(reply) - 1) / together.tokensPerSecond(), (stream.lastChunkAt() - stream.firstChunkAt()) / 1e9, 0.002,
                    "decode time at batch 2");
        }
    }

    @Test
    void aZeroTimeToFirstTokenSendsTheFirstTokenAtOnceAndTheRestAtTheRate() {
        EmulatedDecoder decoder = decoder(fixed(0, 50, 1, 1), clock);
        String reply = text("now", 10);
        Recorder stream = record(decoder, echo(reply));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(stream.subscribedAt, stream.firstChunkAt());
        assertEquals(1, ((dev.patchlane.decoding.DecodeEvent.Chunk) stream.chunks().get(0).event()).tokens());
        assertNear((tokens(reply) - 1) / 50.0, (stream.lastChunkAt() - stream.firstChunkAt()) / 1e9, 0.002, "decode time");
    }

    @Test
    void aStreamBeyondTheSlotsStartsOnlyWhenAnotherFinishes() {
        EmulatedDecoder decoder = decoder(fixed(100, 100, 2, 10), clock);
        String reply = text("queue", 10);
        Recorder a = Recorder.of(decoder.stream(echo(reply)), clock::nanoTime);
        Recorder b = Recorder.of(decoder.stream(echo(reply + "b")), clock::nanoTime);
        Recorder c = Recorder.of(decoder.stream(echo(reply + "c")), clock::nanoTime);
        clock.advance(Duration.ofSeconds(10));

        long decodeNanos = Math.round((tokens(reply) - 1) / 100.0 * 1e9);
        assertNear(100 * MS, a.firstChunkAt() - a.subscribedAt, MS, "a starts at once");
        assertNear(100 * MS, b.firstChunkAt() - b.subscribedAt, MS, "b starts at once");
        long firstEnd = Math.min(a.finishedAt().orElseThrow(), b.finishedAt().orElseThrow());
        assertNear(100 * MS + decodeNanos, firstEnd - a.subscribedAt, 2 * MS, "a slot frees when a stream finishes");
        assertNear(firstEnd + 100 * MS, c.firstChunkAt(), 2 * MS, "c takes the freed slot and then waits its own TTFT");
        assertTrue(c.finished().isPresent());
    }

    @Test
    void aFullQueueAnswersRateLimitedWithARetryAfter() {
        EmulatedDecoder decoder = decoder(fixed(100, 100, 1, 1), clock);
        Recorder running = record(decoder, echo(text("run", 50)));
        Recorder queued = record(decoder, echo(text("wait", 5)));
        Recorder refused = record(decoder, echo(text("no", 5)));

        DecoderException failure = assertInstanceOf(DecoderException.class, refused.failure());
        assertEquals(Failure.RATE_LIMITED, failure.failure());
        assertEquals(429, failure.httpStatus());
        assertTrue(failure.retryAfter().orElseThrow().compareTo(Duration.ofSeconds(1)) >= 0, failure.retryAfter().toString());
        assertFalse(queued.over());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(running.finished().isPresent() && queued.finished().isPresent());
    }

    @Test
    void cancellingAQueuedOrRunningStreamFreesItsSlotAtOnce() {
        EmulatedDecoder decoder = decoder(fixed(100, 100, 1, 2), clock);
        Recorder running = record(decoder, echo(text("long", 200)));
        Recorder queued = record(decoder, echo(text("queued", 5)));
        Recorder last = record(decoder, echo(text("last", 5)));
        clock.advance(Duration.ofMillis(500));
        assertTrue(last.chunks().isEmpty());

        queued.cancel();
        clock.runPending();
        Recorder extra = record(decoder, echo(text("extra", 5)));
        assertNull(extra.failure(), "the cancelled stream's queue place is free");
        running.cancel();
        long cancelledAt = clock.nanoTime();
        clock.advance(Duration.ofSeconds(5));

        assertNear(cancelledAt + 100 * MS, last.firstChunkAt(), MS, "the next queued stream starts when the running one is cancelled");
        assertTrue(queued.chunks().isEmpty());
        assertTrue(last.finished().isPresent() && extra.finished().isPresent());
    }

    @Test
    void aSubscriberWithoutDemandHoldsUpNoOtherStream() {
        EmulatedDecoder decoder = decoder(fixed(100, 200, 4, 4), clock);
        String reply = text("demand", 30);
        Recorder slow = Recorder.of(decoder.stream(echo(reply)), clock::nanoTime, 1);
        Recorder quick = Recorder.of(decoder.stream(echo(reply + "q")), clock::nanoTime);
        clock.advance(Duration.ofSeconds(5));

        assertTrue(quick.finished().isPresent());
        assertEquals(1, slow.chunks().size(), "one item requested, one item sent");
        slow.request(Long.MAX_VALUE);
        clock.advance(Duration.ofMillis(100));
        assertEquals(2, slow.chunks().size(), "what came due meanwhile arrives as one chunk");
        assertEquals(reply, slow.text());
        assertTrue(slow.finished().isPresent());
    }

    @Test
    void aRequestBeyondTheContextWindowIsRefusedAtOnce() {
        assertEquals(131_072, Requests.PROFILES.model("codex-spark-class").contextWindow());
        assertEquals(196_608, Requests.PROFILES.model("codex-class").contextWindow());
        EmulatedDecoder fast = decoder(EmulatorSettings.fastLane(), clock);
        Recorder refused = Recorder.of(fast.stream(echo("hello", 131_072)), clock::nanoTime);
        DecoderException failure = assertInstanceOf(DecoderException.class, refused.failure(), "no tick needed");
        assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, failure.failure());
        assertFalse(failure.retryable());

        EmulatedDecoder deep = decoder(EmulatorSettings.deepLane(), clock);
        Recorder accepted = record(deep, echo("hello", 131_072));
        clock.advance(Duration.ofSeconds(10));
        assertTrue(accepted.finished().isPresent(), "the deep class has the larger window");
    }

    private static void assertNear(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance, what + ": expected " + expected + " ± " + tolerance + ", was " + actual);
    }
}
