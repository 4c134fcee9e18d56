package dev.patchlane.decoding.emulator.bench;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.DeviceTiming;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import io.smallrye.mutiny.Multi;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps the emulator to stamp, per stream, when the decoder was asked, when it emitted its first chunk and when the
 * server had written it; with the client's stamps this splits a time to first token into admission, device, server
 * write and client read. Streams are matched by their prompt, which is unique per stream.
 */
final class TimedDecoder implements Decoder, AutoCloseable {

    private final EmulatedDecoder inner;
    private final Map<String, StreamSample> expected = new ConcurrentHashMap<>();

    TimedDecoder(EmulatedDecoder inner) {
        this.inner = inner;
    }

    /** The emulator's timing, whose {@link DeviceTiming#target} each stream is measured against. */
    DeviceTiming timing() {
        return inner.timing();
    }

    void expect(String prompt, StreamSample sample) {
        expected.put(prompt, sample);
    }

    @Override
    public Multi<DecodeEvent> stream(DecodeRequest request) {
        StreamSample sample = expected.remove(request.lastUserMessage());
        if (sample == null) {
            return inner.stream(request);
        }
        sample.decoderCalledAt = System.nanoTime();
        return inner.stream(request).onItem().invoke(event -> {
            if (event instanceof DecodeEvent.Chunk && sample.firstEmittedAt == 0) {
                sample.firstEmittedAt = System.nanoTime();
            }
        }).onRequest().invoke(n -> {
            // The server asks for more only once it has written a batch, so its first ask after the first chunk marks that write.
            if (sample.firstEmittedAt != 0 && sample.firstWrittenAt == 0) {
                sample.firstWrittenAt = System.nanoTime();
            }
        });
    }

    @Override
    public DecoderInfo describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
