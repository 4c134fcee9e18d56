package dev.patchlane.worker;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import io.smallrye.mutiny.Multi;

/**
 * A lane's decoder as {@link Decoders#forLane} builds it: retries around the emulator or an endpoint. Closing it
 * releases what the inner decoder holds (the emulated device's thread), so a stopped consumer leaves nothing running.
 */
public final class LaneDecoder implements Decoder, AutoCloseable {

    private final Decoder resilient;
    private final Decoder inner;

    LaneDecoder(Decoder resilient, Decoder inner) {
        this.resilient = resilient;
        this.inner = inner;
    }

    @Override
    public Multi<DecodeEvent> stream(DecodeRequest request) {
        return resilient.stream(request);
    }

    @Override
    public DecoderInfo describe() {
        return resilient.describe();
    }

    /** The retrying decoder the lane streams from. */
    public Decoder resilient() {
        return resilient;
    }

    @Override
    public void close() {
        if (inner instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + inner, e);
            }
        }
    }

    @Override
    public String toString() {
        return resilient.toString();
    }
}
