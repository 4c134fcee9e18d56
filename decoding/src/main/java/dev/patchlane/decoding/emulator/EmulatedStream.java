package dev.patchlane.decoding.emulator;

import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.ToolCall;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One request on the device: its plan, its subscriber and how far it has decoded. Touched only on the device thread.
 * It decodes {@code hidden} reasoning tokens, then the visible ones; it counts from 1 when its prefill ends, since the
 * prefill yields the first token. Its first visible token and its end are delivered when they come due; what comes due
 * in between is delivered at the instants of its {@link Cadence}.
 *
 * <p>The device calls {@link #advance} whenever the rate is about to change; in between, progress is computed from the
 * last advance, so a tick costs nothing for a stream that is not due.
 */
final class EmulatedStream {

    private static final double EPSILON = 1e-6;

    private final StreamPlan plan;
    private final int hidden;
    private final MultiEmitter<? super DecodeEvent> emitter;
    private Cadence cadence;
    private long startAt = Long.MAX_VALUE;
    private long updatedAt = Long.MAX_VALUE;
    private double decoded;
    private int sentText;
    /** Its next regular delivery; none until its first visible token is out. */
    private long nextCadenceAt = Long.MAX_VALUE;
    private long dueAt = Long.MAX_VALUE;
    private boolean waitingForDemand;

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
    void start(long now, long startNanos, Cadence cadence) {
        this.cadence = cadence;
        startAt = now + startNanos;
        updatedAt = startAt;
        decoded = 1;
    }

    /** Decodes at {@code rate} tokens/s from where it stood to {@code now}. */
    void advance(long now, double rate) {
        if (now > updatedAt) {
            decoded = decodedAt(now, rate);
            updatedAt = now;
        }
    }

    /**
     * Sends what came due if this is one of its instants: its first visible token, its end or its cadence. True when
     * the stream is over: finished, broken or cancelled.
     */
    boolean deliver(long now, double rate) {
        if (emitter.isCancelled()) {
            return true;
        }
        if (now < startAt) {
            return false;
        }
        double progress = decodedAt(now, rate);
        boolean firstDue = nextCadenceAt == Long.MAX_VALUE && progress + EPSILON >= target(1);
        boolean ended = progress + EPSILON >= target(plan.end());
        if (firstDue || now >= nextCadenceAt) {
            nextCadenceAt = cadence.after(now);
        } else if (!ended) {
            return false;
        }
        int due = (int) Math.min(plan.end(), Math.max(0, Math.floor(progress + EPSILON) - hidden));
        int textDue = Math.min(due, plan.text().tokens());
        if (textDue > sentText) {
            // A subscriber without demand gets its tokens at a later tick; the device does not wait for it.
            waitingForDemand = emitter.requested() <= 0;
            if (waitingForDemand) {
                return false;
            }
            emitter.emit(new DecodeEvent.Chunk(plan.text().slice(sentText, textDue), textDue - sentText));
            sentText = textDue;
        }
        if (!ended) {
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

    /** When it next needs a tick, as of the last {@link #schedule}. */
    long dueAt() {
        return dueAt;
    }

    /** Works out when it next needs a tick at {@code rate}, from {@code now}; returns that instant. */
    long schedule(long now, double rate) {
        dueAt = nextDueAt(now, rate);
        return dueAt;
    }

    // Its first visible token, then the earlier of its end and its cadence; only its cadence while it waits for demand.
    private long nextDueAt(long now, double rate) {
        if (now < startAt) {
            return startAt + nanos(target(1) - decoded, rate);
        }
        double progress = decodedAt(now, rate);
        if (nextCadenceAt == Long.MAX_VALUE) {
            return now + nanos(target(1) - progress, rate);
        }
        return waitingForDemand ? nextCadenceAt : Math.min(nextCadenceAt, now + nanos(target(plan.end()) - progress, rate));
    }

    /** Seconds until it ends, at {@code rate}. */
    double secondsLeft(long now, double rate) {
        return Math.max(0, startAt - now) / 1e9 + Math.max(0, target(plan.end()) - decodedAt(now, rate)) / rate;
    }

    void fail(Throwable failure) {
        emitter.fail(failure);
    }

    // Tokens decoded at `now`, hidden ones included, if the rate has been `rate` since the last advance.
    private double decodedAt(long now, double rate) {
        return now > updatedAt ? Math.min(target(plan.end()), decoded + rate * (now - updatedAt) / 1e9) : decoded;
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
