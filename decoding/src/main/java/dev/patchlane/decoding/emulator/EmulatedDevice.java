package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * An emulated deployment: a fixed number of slots, a bounded FIFO queue in front of them, and one thread that delivers
 * to each active stream the tokens that came due since its last delivery. All streams decode at the per-stream speed
 * the timing gives for the streams active at that moment; a change in that number changes the speed from that instant
 * on. A stream gets its first token and its end when they come due, and what comes due in between once per chunk
 * interval, at its own phase: streams take the phases in turn, one gap apart, so the work of delivering (and of
 * writing and reading what is delivered) is spread over the interval instead of coming in one burst per interval.
 *
 * <p>All state below is touched only on the scheduler's thread.
 */
final class EmulatedDevice implements AutoCloseable {

    /** Phases are this far apart at least, so regular deliveries need one tick per phase, not one per stream. */
    private static final long PHASE_GAP_NANOS = 1_000_000;

    private final DeviceTiming timing;
    private final int slots;
    private final int queueLimit;
    private final long intervalNanos;
    private final int phases;
    private final DeviceScheduler scheduler;
    private final List<EmulatedStream> active = new ArrayList<>();
    private final ArrayDeque<EmulatedStream> waiting = new ArrayDeque<>();
    private long promptTokens;
    private long outputTokens;
    private double rate;
    private long nextTickAt = Long.MAX_VALUE;
    private long started;

    EmulatedDevice(DeviceTiming timing, int slots, int queueLimit, Duration chunkInterval, DeviceScheduler scheduler) {
        this.timing = timing;
        this.slots = slots;
        this.queueLimit = queueLimit;
        this.intervalNanos = chunkInterval.toNanos();
        this.phases = (int) Math.max(1, intervalNanos / PHASE_GAP_NANOS);
        this.scheduler = scheduler;
    }

    void submit(EmulatedStream stream) {
        try {
            scheduler.execute(() -> arrive(stream));
        } catch (RejectedExecutionException e) {
            stream.fail(new DecoderException(Failure.SERVER_ERROR, 503, null, "the emulated device is shut down", null));
        }
    }

    /** Frees the stream's slot or queue place at once; nothing happens if it is already over. */
    void cancel(EmulatedStream stream) {
        try {
            scheduler.execute(() -> leave(stream));
        } catch (RejectedExecutionException e) {
            // Shut down: there is no slot left to free.
        }
    }

    @Override
    public void close() {
        scheduler.close();
    }

    private void arrive(EmulatedStream stream) {
        if (stream.cancelled()) {
            return;
        }
        long now = scheduler.nanoTime();
        if (active.size() < slots) {
            start(stream, now);
        } else if (waiting.size() < queueLimit) {
            waiting.addLast(stream);
        } else {
            stream.fail(new DecoderException(Failure.RATE_LIMITED, 429, retryAfter(now),
                    "the emulated deployment's " + slots + " streams and " + queueLimit + " queue places are taken", null));
        }
    }

    private void leave(EmulatedStream stream) {
        if (waiting.remove(stream)) {
            return;
        }
        int index = active.indexOf(stream);
        if (index >= 0) {
            long now = scheduler.nanoTime();
            advanceAll(now);
            removeAt(index);
            changed(now);
            planNext(now);
        }
    }

    private void start(EmulatedStream stream, long now) {
        advanceAll(now);
        long phase = (started++ % phases) * (intervalNanos / phases);
        stream.start(now, Math.round(timing.startSeconds(stream.plan().promptTokens()) * 1e9), new Cadence(phase, intervalNanos));
        active.add(stream);
        promptTokens += stream.plan().promptTokens();
        outputTokens += stream.hidden() + stream.plan().plannedTokens();
        rate = currentRate();
        planNext(now);
    }

    private void tick() {
        long now = scheduler.nanoTime();
        boolean ended = false;
        long next = Long.MAX_VALUE;
        for (int i = 0; i < active.size(); ) {
            EmulatedStream stream = active.get(i);
            if (stream.dueAt() > now) {
                next = Math.min(next, stream.dueAt());
                i++;
                continue;
            }
            boolean over;
            try {
                over = stream.deliver(now, rate);
            } catch (RuntimeException e) {
                stream.fail(e);
                over = true;
            }
            if (over) {
                removeAt(i);
                ended = true;
            } else {
                next = Math.min(next, stream.schedule(now, rate));
                i++;
            }
        }
        if (ended) {
            advanceAll(now);
            changed(now);
            planNext(now);
        } else if (next != Long.MAX_VALUE) {
            // Never this instant again: this tick served everything due by now.
            planTick(Math.max(now + 1, next));
        }
    }

    // After a change of speed: the tick planned at the old speed may be late for a first token or an end.
    private void planNext(long now) {
        long next = Long.MAX_VALUE;
        for (EmulatedStream stream : active) {
            next = Math.min(next, stream.schedule(now, rate));
        }
        if (next != Long.MAX_VALUE) {
            planTick(next);
        }
    }

    // The active set shrank: the others speed up from now on, and waiting streams take the free slots in order.
    private void changed(long now) {
        rate = currentRate();
        while (active.size() < slots && !waiting.isEmpty()) {
            EmulatedStream next = waiting.pollFirst();
            if (!next.cancelled()) {
                start(next, now);
            }
        }
    }

    private void advanceAll(long now) {
        for (EmulatedStream stream : active) {
            stream.advance(now, rate);
        }
    }

    private void removeAt(int index) {
        EmulatedStream stream = active.get(index);
        int last = active.size() - 1;
        active.set(index, active.get(last));
        active.remove(last);
        promptTokens -= stream.plan().promptTokens();
        outputTokens -= stream.hidden() + stream.plan().plannedTokens();
    }

    private double currentRate() {
        int streams = active.size();
        return streams == 0 ? 0 : timing.tokensPerSecond(streams, (double) promptTokens / streams, (double) outputTokens / streams);
    }

    // A queue place frees when the first running stream ends; endpoints send whole seconds.
    private Duration retryAfter(long now) {
        double seconds = Double.MAX_VALUE;
        for (EmulatedStream stream : active) {
            seconds = Math.min(seconds, stream.secondsLeft(now, rate));
        }
        return Duration.ofSeconds(Math.max(1, (long) Math.ceil(Math.min(seconds, 3600))));
    }

    // Ticks only while streams are active; a tick planned earlier than the pending one supersedes it.
    private void planTick(long at) {
        if (at >= nextTickAt) {
            return;
        }
        nextTickAt = at;
        scheduler.schedule(() -> {
            if (nextTickAt == at) {
                nextTickAt = Long.MAX_VALUE;
                tick();
            }
        }, at - scheduler.nanoTime());
    }
}
