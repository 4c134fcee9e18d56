package dev.patchlane.decoding;

import dev.patchlane.contracts.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Consumes a decoder stream on the calling thread, cancelling it when the guard objects or the deadline passes. */
public final class DecodeCollector {

    private DecodeCollector() {
    }

    public static DecodeResult collect(Decoder decoder, DecodeRequest request, StreamGuard guard, Duration timeout) {
        Collected collected = new Collected(System.nanoTime());
        long deadline = collected.start + timeout.toNanos();
        try (Stream<DecodeEvent> events = decoder.stream(request).ifNoItem().after(timeout).fail().subscribe().asStream()) {
            Iterator<DecodeEvent> iterator = events.iterator();
            while (iterator.hasNext()) {
                DecodeEvent event = iterator.next();
                if (event instanceof DecodeEvent.Chunk chunk) {
                    collected.add(chunk);
                    Optional<String> abort = guard.check(collected.text);
                    if (abort.isEmpty() && System.nanoTime() > deadline) {
                        abort = Optional.of("no complete answer within " + timeout.toSeconds() + " s");
                    }
                    if (abort.isPresent()) {
                        return collected.result(new Usage(request.promptTokens(), collected.completionTokens), "aborted", abort.get(), null);
                    }
                } else if (event instanceof DecodeEvent.ToolCalled called) {
                    collected.toolCalls.add(called.call());
                } else if (event instanceof DecodeEvent.Restarted) {
                    collected.restart();
                    // guards keep their place in the text; seeing it empty makes them start over, however long the
                    // new attempt's first chunk is
                    guard.check(collected.text);
                } else if (event instanceof DecodeEvent.Finished finished) {
                    return collected.result(finished.usage(), finished.finishReason(), null, finished.contentSource());
                }
            }
        }
        throw new DecoderException(Failure.STREAM_CUT, "the decoder stream ended without a finish event");
    }

    /** What the current attempt has produced; a restart discards it all. */
    private static final class Collected {
        private final long start;
        private final StringBuilder text = new StringBuilder();
        private final List<ToolCall> toolCalls = new ArrayList<>();
        private long firstChunk = -1;
        private int completionTokens;
        private int restarts;

        Collected(long start) {
            this.start = start;
        }

        void add(DecodeEvent.Chunk chunk) {
            if (firstChunk < 0) {
                firstChunk = System.nanoTime();
            }
            text.append(chunk.text());
            completionTokens += chunk.tokens();
        }

        void restart() {
            text.setLength(0);
            toolCalls.clear();
            firstChunk = -1;
            completionTokens = 0;
            restarts++;
        }

        DecodeResult result(Usage usage, String finishReason, String abort, String contentSource) {
            long now = System.nanoTime();
            long first = firstChunk < 0 ? now : firstChunk;
            return new DecodeResult(text.toString(), toolCalls, usage, finishReason, Duration.ofNanos(first - start).toMillis(),
                    Duration.ofNanos(now - first).toMillis(), abort, contentSource, restarts);
        }
    }
}
