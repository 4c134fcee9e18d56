package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.DecodeEvent;
import io.smallrye.mutiny.Multi;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.LongSupplier;

/** Subscribes to a decoder stream and records every event with the time it arrived. */
final class Recorder implements Flow.Subscriber<DecodeEvent> {

    record Timed(long at, DecodeEvent event) {
    }

    private final LongSupplier clock;
    private final long initialDemand;
    private final List<Timed> events = new CopyOnWriteArrayList<>();
    final long subscribedAt;
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private volatile boolean over;

    private Recorder(LongSupplier clock, long initialDemand) {
        this.clock = clock;
        this.initialDemand = initialDemand;
        this.subscribedAt = clock.getAsLong();
    }

    static Recorder of(Multi<DecodeEvent> stream, LongSupplier clock) {
        return of(stream, clock, Long.MAX_VALUE);
    }

    static Recorder of(Multi<DecodeEvent> stream, LongSupplier clock, long demand) {
        Recorder recorder = new Recorder(clock, demand);
        stream.subscribe().withSubscriber(recorder);
        return recorder;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (initialDemand > 0) {
            subscription.request(initialDemand);
        }
    }

    @Override
    public void onNext(DecodeEvent event) {
        events.add(new Timed(clock.getAsLong(), event));
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
        over = true;
    }

    @Override
    public void onComplete() {
        over = true;
    }

    void request(long n) {
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    boolean over() {
        return over;
    }

    Throwable failure() {
        return failure;
    }

    List<Timed> chunks() {
        return events.stream().filter(e -> e.event() instanceof DecodeEvent.Chunk).toList();
    }

    List<DecodeEvent> events() {
        return events.stream().map(Timed::event).toList();
    }

    long firstChunkAt() {
        return chunks().get(0).at();
    }

    long lastChunkAt() {
        List<Timed> chunks = chunks();
        return chunks.get(chunks.size() - 1).at();
    }

    int tokens() {
        return chunks().stream().mapToInt(e -> ((DecodeEvent.Chunk) e.event()).tokens()).sum();
    }

    String text() {
        StringBuilder text = new StringBuilder();
        chunks().forEach(e -> text.append(((DecodeEvent.Chunk) e.event()).text()));
        return text.toString();
    }

    Optional<DecodeEvent.Finished> finished() {
        return events.stream().map(Timed::event).filter(DecodeEvent.Finished.class::isInstance).map(DecodeEvent.Finished.class::cast)
                .findFirst();
    }

    Optional<Long> finishedAt() {
        return events.stream().filter(e -> e.event() instanceof DecodeEvent.Finished).map(Timed::at).findFirst();
    }
}
