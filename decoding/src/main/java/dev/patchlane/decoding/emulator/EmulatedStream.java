package dev.patchlane.decoding.emulator;

import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.ToolCall;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One request on the device: its plan, its subscriber and how far it has decoded. Touched only on the device thread.
 * It decodes {@code hidden} reasoning tokens, then the visible ones; it counts from 1 when its prefill ends, since the
 * prefill yields the first token.
 */
final class EmulatedStream {

    private static final double EPSILON = 1e-6;

    private final StreamPlan plan;
    private final int hidden;
    private final MultiEmitter<? super DecodeEvent> emitter;
    private long startAt = Long.MAX_VALUE;
    private long updatedAt = Long.MAX_VALUE;
    private double decoded;
    private int sentText;

    EmulatedStream(StreamPlan plan, int hidden, MultiEmitter<? super DecodeEvent> emitter) {
        this.plan = plan;
        this.hidden = hidden;
        this.emitter = emitter;
    }

    StreamPlan plan() {
        return plan;
    }

    int hidden() {
        return hidden;
    }

    boolean cancelled() {
        return emitter.isCancelled();
    }

    /** It has a slot at {@code now}; its first token is decoded {@code startNanos} later. */
    void start(long now, long startNanos) {
        startAt = now + startNanos;
        updatedAt = startAt;
        decoded = 1;
    }

    /** Decodes at {@code rate} tokens/s from where it stood to {@code now}. */
    void advance(long now, double rate) {
        if (now > updatedAt) {
            decoded = Math.min(target(plan.end()), decoded + rate * (now - updatedAt) / 1e9);
            updatedAt = now;
        }
    }

    /** Sends what came due; true when the stream is over: finished, broken or cancelled. */
    boolean deliver(long now) {
        if (emitter.isCancelled()) {
            return true;
        }
        if (now < startAt) {
            return false;
        }
        int due = (int) Math.min(plan.end(), Math.max(0, Math.floor(decoded + EPSILON) - hidden));
        int textDue = Math.min(due, plan.text().tokens());
        if (textDue > sentText) {
            // A subscriber without demand gets its tokens at a later tick; the device does not wait for it.
            if (emitter.requested() <= 0) {
                return false;
            }
            emitter.emit(new DecodeEvent.Chunk(plan.text().slice(sentText, textDue), textDue - sentText));
            sentText = textDue;
        }
        if (decoded + EPSILON < target(plan.end())) {
            return false;
        }
        if (plan.cut()) {
            emitter.fail(StreamPlanner.streamCut(plan.end()));
            return true;
        }
        if (plan.finishReason().equals("tool_calls")) {
            for (ToolCall call : plan.toolCalls()) {
                emitter.emit(new DecodeEvent.ToolCalled(call));
            }
        }
        emitter.emit(new DecodeEvent.Finished(new Usage(plan.promptTokens(), plan.end()), plan.finishReason(), plan.source()));
        emitter.complete();
        return true;
    }

    /** When it next needs a tick: its first visible token, then its end; never when it only waits for demand. */
    long nextEventAt(long now, double rate) {
        double toFirst = target(1) - decoded;
        double toEnd = target(plan.end()) - decoded;
        if (now <= startAt) {
            return startAt + nanos(toFirst, rate);
        }
        double missing = toFirst > EPSILON ? toFirst : toEnd;
        return missing > EPSILON ? now + nanos(missing, rate) : Long.MAX_VALUE;
    }

    /** Seconds until it ends, at {@code rate}. */
    double secondsLeft(long now, double rate) {
        return Math.max(0, startAt - now) / 1e9 + Math.max(0, target(plan.end()) - decoded) / rate;
    }

    void fail(Throwable failure) {
        emitter.fail(failure);
    }

    private static long nanos(double tokens, double rate) {
        return (long) Math.ceil(Math.max(0, tokens) / rate * 1e9);
    }

    // Tokens decoded, hidden ones included, once the visible token `visible` is out; a stream that ends at 0 ends when
    // its first visible token would have come.
    private double target(int visible) {
        return hidden + Math.max(1, visible);
    }
}
