package dev.patchlane.ingest.events;

import dev.patchlane.contracts.Json;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One client's server-sent event stream: a bounded queue written to the socket one event at a time, each send started
 * when the previous one was written. Offering never blocks, so the view's thread is never slowed by a client; a client
 * so slow that its queue fills is dropped with an {@code event: dropped} that says why, and its connection closed.
 */
final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    private static final long SEND_WAIT_SECONDS = 30;

    private final SseEventSink sink;
    private final Sse sse;
    private final int capacity;
    private final Runnable hangUp;
    private final ArrayDeque<OutboundSseEvent> queue = new ArrayDeque<>();
    private Runnable onEnd = () -> {
    };
    private boolean live;
    private boolean sending;
    private boolean ending;
    private boolean ended;

    /**
     * @param capacity how many events may wait
     * @param hangUp closes the connection, for a client that does not read what it was sent
     */
    EventStream(SseEventSink sink, Sse sse, int capacity, Runnable hangUp) {
        this.sink = sink;
        this.sse = sse;
        this.capacity = capacity;
        this.hangUp = hangUp;
    }

    /** Called once when the stream ended, for whatever reason. */
    synchronized void onEnd(Runnable callback) {
        onEnd = callback;
    }

    OutboundSseEvent status(String id, String json) {
        return event(id, "status", json);
    }

    OutboundSseEvent removed(String id, String jobId) {
        return event(id, "removed", json(Map.of("jobId", jobId)));
    }

    // Quarkus writes "field:value"; the one leading space, which every SSE parser drops, gives the usual "field: value".
    private OutboundSseEvent event(String id, String name, String data) {
        OutboundSseEvent.Builder event = sse.newEventBuilder().name(" " + name).data(String.class, " " + data);
        return (id == null ? event : event.id(" " + id)).build();
    }

    /** Queues an event; drops the client when its queue is full. Events queued before {@link #goLive} wait for it. */
    void offer(OutboundSseEvent event) {
        synchronized (this) {
            if (ended || ending) {
                return;
            }
            if (queue.size() >= capacity) {
                dropLocked(live ? "the client read too slowly: " + capacity + " events were waiting for it"
                        : capacity + " new events arrived while the stream was catching up from its cursor");
                return;
            }
            queue.add(event);
        }
        pump();
    }

    /** Sends an event before the stream is live (a resumed stream's catch-up), waiting until it is written. */
    void sendNow(OutboundSseEvent event) throws InterruptedException {
        synchronized (this) {
            if (ended) {
                throw new IllegalStateException("the stream has ended");
            }
        }
        try {
            sink.send(event).toCompletableFuture().get(SEND_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            end();
            throw new IllegalStateException("the client went away", e.getCause());
        } catch (TimeoutException e) {
            drop("the client read nothing for " + SEND_WAIT_SECONDS + " s while it was caught up");
            throw new IllegalStateException("the client stopped reading");
        }
    }

    /** Starts writing the queue: from now on events go out as they are offered. */
    void goLive() {
        synchronized (this) {
            live = true;
        }
        pump();
    }

    /** Sends what is queued, then ends the stream (a job that reached a terminal state). */
    void endAfterQueued() {
        synchronized (this) {
            ending = true;
        }
        pump();
    }

    /** A comment line for an idle stream, so proxies keep it open and a client that went away is noticed. */
    void keepAlive() {
        synchronized (this) {
            if (!live || ended || ending || sending || !queue.isEmpty()) {
                return;
            }
            queue.add(sse.newEventBuilder().comment(" keep-alive").build());
        }
        pump();
    }

    /** Ends the stream with an {@code event: dropped} saying why, then closes the connection. */
    void drop(String reason) {
        synchronized (this) {
            dropLocked(reason);
        }
    }

    /** Ends the stream without a word (the client went away, or the server stops). */
    void end() {
        Runnable callback;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            queue.clear();
            callback = onEnd;
        }
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debugf(e, "closing an event stream");
        }
        callback.run();
    }

    synchronized boolean isEnded() {
        return ended;
    }

    private void dropLocked(String reason) {
        if (ended) {
            return;
        }
        LOG.infof("dropping an event stream: %s", reason);
        queue.clear();
        ended = true;
        onEnd.run(); // its place is free at once; the reason is still sent, if the client reads it
        OutboundSseEvent dropped = event(null, "dropped", json(Map.of("reason", reason)));
        CompletableFuture.runAsync(() -> {
            try {
                sink.send(dropped).toCompletableFuture().get(5, TimeUnit.SECONDS);
                sink.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.debugf(e, "the dropped client did not take the reason");
            } finally {
                hangUp.run();
            }
        });
    }

    private void pump() {
        while (true) {
            OutboundSseEvent next;
            synchronized (this) {
                if (!live || sending || ended) {
                    return;
                }
                next = queue.poll();
                if (next == null) {
                    if (ending) {
                        ending = false;
                        break;
                    }
                    return;
                }
                sending = true;
            }
            CompletableFuture<?> sent;
            try {
                sent = sink.send(next).toCompletableFuture();
            } catch (IllegalStateException e) {
                end(); // the sink closed: the client went away
                return;
            }
            if (sent.isDone()) {
                if (!written(sent)) {
                    return;
                }
                continue;
            }
            sent.whenComplete((ignored, failure) -> {
                if (written(sent)) {
                    pump();
                }
            });
            return;
        }
        end();
    }

    private boolean written(CompletableFuture<?> sent) {
        synchronized (this) {
            sending = false;
        }
        if (sent.isCompletedExceptionally()) {
            end();
            return false;
        }
        return true;
    }

    private static String json(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }
}
