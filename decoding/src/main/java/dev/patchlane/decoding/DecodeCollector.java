package dev.patchlane.decoding;

import dev.patchlane.contracts.Usage;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/** Consumes a decoder stream on the calling thread, cancelling it when the guard objects or the deadline passes. */
public final class DecodeCollector {

    private DecodeCollector() {
    }

    public static DecodeResult collect(Decoder decoder, DecodeRequest request, StreamGuard guard, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long firstChunk = -1;
        StringBuilder text = new StringBuilder();
        int completionTokens = 0;
        try (Stream<DecodeEvent> events = decoder.stream(request).ifNoItem().after(timeout).fail().subscribe().asStream()) {
            Iterator<DecodeEvent> iterator = events.iterator();
            while (iterator.hasNext()) {
                DecodeEvent event = iterator.next();
                if (event instanceof DecodeEvent.Chunk chunk) {
                    if (firstChunk < 0) {
                        firstChunk = System.nanoTime();
                    }
                    text.append(chunk.text());
                    completionTokens += chunk.tokens();
                    Optional<String> abort = guard.check(text);
                    if (abort.isEmpty() && System.nanoTime() > deadline) {
                        abort = Optional.of("no complete answer within " + timeout.toSeconds() + " s");
                    }
                    if (abort.isPresent()) {
                        return result(text, new Usage(request.promptTokens(), completionTokens),
                                "aborted", start, firstChunk, abort.get(), null);
                    }
                } else if (event instanceof DecodeEvent.Finished finished) {
                    return result(text, finished.usage(), finished.finishReason(), start, firstChunk, null, finished.contentSource());
                }
            }
        }
        throw new DecoderException("the decoder stream ended without a finish event");
    }

    private static DecodeResult result(StringBuilder text, Usage usage, String finishReason, long start, long firstChunk, String abort,
            String contentSource) {
        long now = System.nanoTime();
        long first = firstChunk < 0 ? now : firstChunk;
        return new DecodeResult(text.toString(), usage, finishReason,
                Duration.ofNanos(first - start).toMillis(), Duration.ofNanos(now - first).toMillis(), abort, contentSource);
    }
}
