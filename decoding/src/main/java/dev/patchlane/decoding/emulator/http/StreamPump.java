package dev.patchlane.decoding.emulator.http;

import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Relays one decoder stream to one HTTP response. Events may arrive on any thread; they are queued and drained in
 * batches on the connection's event loop, one socket write per batch. Upstream demand stops while Vert.x's write queue
 * is full, so a slow reader holds back the decoder instead of filling memory. A client that goes away cancels the
 * subscription. A failure before anything was written becomes an OpenAI error response; after that the connection is
 * closed without a terminal event, as a real cut looks to a client.
 */
final class StreamPump implements Flow.Subscriber<DecodeEvent> {

    /** Events requested ahead of what the socket has taken. */
    private static final int WINDOW = 64;

    private static final Object COMPLETED = new Object();
    /** Room for a batch of a few events, so a typical one is written without regrowing its buffer. */
    private static final int BATCH_BYTES = 1024;

    private final Context context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Supplier<WireFormat> formats;
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Handler<Void> drainTask = v -> drain();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    // Touched on the event loop only.
    private WireFormat format;
    private Buffer pending;
    private boolean committed;
    private boolean done;
    private long credit;
    private boolean awaitingDrain;

    private StreamPump(Context context, HttpServerRequest request, Supplier<WireFormat> formats) {
        this.context = context;
        this.request = request;
        this.response = request.response();
        this.formats = formats;
        this.format = formats.get();
    }

    /**
     * Streams {@code decode} from {@code decoder} into the response of {@code request}; call on its event loop. The
     * subscription is made on a worker thread: a decoder may do real work when subscribed (the emulator tokenizes the
     * prompt and its reply, tens of milliseconds for a long prompt), which must not stall the other streams' writes.
     */
    static void start(Context context, WorkerExecutor subscribers, Decoder decoder, DecodeRequest decode, HttpServerRequest request,
            Supplier<WireFormat> formats) {
        StreamPump pump = new StreamPump(context, request, formats);
        pump.response.closeHandler(v -> pump.cancel());
        subscribers.executeBlocking(() -> pump.subscribe(decoder, decode), false);
    }

    private Void subscribe(Decoder decoder, DecodeRequest decode) {
        if (cancelled) {
            return null;
        }
        try {
            Multi<DecodeEvent> events = decoder.stream(decode);
            events.subscribe().withSubscriber(this);
        } catch (RuntimeException e) {
            offer(e);
        }
        return null;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(DecodeEvent event) {
        offer(event);
    }

    @Override
    public void onError(Throwable failure) {
        offer(failure);
    }

    @Override
    public void onComplete() {
        offer(COMPLETED);
    }

    private void offer(Object item) {
        inbox.add(item);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(drainTask);
        }
    }

    private void drain() {
        scheduled.set(false);
        if (done) {
            inbox.clear();
            return;
        }
        pending = Buffer.buffer(BATCH_BYTES);
        int consumed = 0;
        Object item;
        while ((item = inbox.poll()) != null) {
            if (item instanceof DecodeEvent event) {
                consumed++;
                if (!apply(event)) {
                    return;
                }
            } else if (item == COMPLETED) {
                fail(new DecoderException(Failure.STREAM_CUT, "the decoder stream ended without a finish event"));
                return;
            } else {
                fail((Throwable) item);
                return;
            }
        }
        flush();
        replenish(consumed);
    }

    /** Renders one event into {@link #pending}; false once the response is over. */
    private boolean apply(DecodeEvent event) {
        if (event instanceof DecodeEvent.Chunk chunk) {
            format.text(chunk.text(), pending);
        } else if (event instanceof DecodeEvent.ToolCalled called) {
            format.toolCall(called.call(), pending);
        } else if (event instanceof DecodeEvent.Restarted) {
            if (committed) {
                cut();
                return false;
            }
            pending = Buffer.buffer(BATCH_BYTES);
            format = formats.get();
        } else if (event instanceof DecodeEvent.Finished finished) {
            format.finish(finished, pending);
            done = true;
            commit();
            response.end(pending);
            return false;
        }
        return true;
    }

    private void flush() {
        if (pending.length() > 0) {
            commit();
            response.write(pending);
        }
    }

    private void commit() {
        if (committed) {
            return;
        }
        committed = true;
        response.setStatusCode(200);
        if (format.streaming()) {
            response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-cache");
        } else {
            response.putHeader("Content-Type", "application/json");
        }
    }

    private void replenish(int consumed) {
        credit += consumed;
        if (credit == 0 || done || awaitingDrain) {
            return;
        }
        if (response.writeQueueFull()) {
            awaitingDrain = true;
            response.drainHandler(v -> {
                awaitingDrain = false;
                replenish(0);
            });
            return;
        }
        long n = credit;
        credit = 0;
        subscription.request(n);
    }

    private void fail(Throwable failure) {
        done = true;
        cancelUpstream();
        if (committed || failure instanceof DecoderException e && e.failure() == Failure.STREAM_CUT) {
            // What was decoded before the break still reaches the client, as it would from a real endpoint.
            if (pending != null) {
                flush();
            }
            cut();
        } else {
            ApiError.from(failure).send(response);
        }
    }

    /** Ends the exchange the way a broken stream ends: the connection closes, no terminal event, no last chunk. */
    private void cut() {
        done = true;
        cancelUpstream();
        request.connection().close();
    }

    private void cancel() {
        done = true;
        cancelUpstream();
    }

    private void cancelUpstream() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
