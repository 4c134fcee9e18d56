package dev.patchlane.decoding.openai;

import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecoderException;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One attempt: one POST, its event stream read line by line as the bytes arrive, turned into decode events. No thread
 * waits on it: the JDK client delivers lines on its executor and one shared timer thread watches for silence and for
 * the attempt's total time. Closing it before the reply has ended cancels the body subscription, which closes the
 * connection; a reply that has ended is never cancelled, because its connection may already be back in the client's
 * pool, serving the next request.
 */
final class StreamExchange implements Flow.Subscriber<String> {

    private static final Logger LOG = Logger.getLogger(OpenAiDecoder.class);
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    /**
     * The longest line, and the largest event, accepted: far above any real one (a Responses API
     * {@code response.completed} event repeats the whole reply on one line), far below what would exhaust the heap.
     */
    static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private final HttpClient http;
    private final OpenAiEndpoint endpoint;
    private final byte[] body;
    private final String apiKey;
    private final WireFormat.EventReader reader;
    private final Failures failures;
    private final MultiEmitter<? super DecodeEvent> emitter;
    private final ConcurrencyLimit.Ticket slot;
    private final SseParser sse = new SseParser(this::onEvent);
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean replyStarted;
    private volatile boolean replyEnded;
    private volatile boolean terminalSeen;
    private volatile long lastActivity;
    private volatile Flow.Subscription lines;
    private volatile CompletableFuture<?> response;
    private volatile ScheduledFuture<?> silenceTimer;
    private volatile ScheduledFuture<?> totalTimer;

    StreamExchange(HttpClient http, OpenAiEndpoint endpoint, byte[] body, String apiKey, WireFormat.EventReader reader,
            Failures failures, MultiEmitter<? super DecodeEvent> emitter, ConcurrencyLimit.Ticket slot) {
        this.http = http;
        this.endpoint = endpoint;
        this.body = body;
        this.apiKey = apiKey;
        this.reader = reader;
        this.failures = failures;
        this.emitter = emitter;
        this.slot = slot;
    }

    /** Sends the request; called once a concurrency slot is held. */
    void send() {
        if (closed) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.requestUri())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            try {
                request.header("Authorization", "Bearer " + apiKey);
            } catch (IllegalArgumentException invalidValue) {
                // the JDK quotes the whole invalid value, key included: that exception must go nowhere. Nor may it
                // escape, since send() may run on the thread that released the slot
                fail(failures.unusableKey());
                return;
            }
        }
        lastActivity = System.nanoTime();
        watchSilence(endpoint.readTimeout().toNanos());
        totalTimer = TIMER.schedule(() -> fail(failures.readTimeout("no complete reply within the total timeout of "
                + endpoint.totalTimeout().toMillis() + " ms")), endpoint.totalTimeout().toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<HttpResponse<DecoderException>> sent = http.sendAsync(request.build(), this::bodyFor);
        response = sent;
        // failures of whole replies are reported once the exchange is complete, never from inside the body subscriber
        sent.whenComplete((reply, error) -> {
            if (error != null) {
                fail(failures.forTransport(error, replyStarted, endpoint.connectTimeout()));
            } else if (reply.body() != null) {
                fail(reply.body());
            }
        });
        if (closed) {
            sent.cancel(true);
        }
    }

    /** Releases everything the attempt holds; runs when the stream terminates for any reason, cancellation included. */
    void close() {
        closed = true;
        finished.set(true);
        cancel(silenceTimer);
        cancel(totalTimer);
        slot.release();
        if (replyEnded) {
            return;
        }
        if (terminalSeen) {
            // the terminating chunk is due right behind the terminal event; cut only a server that never sends it
            TIMER.schedule(this::abandon, endpoint.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        abandon();
    }

    private void abandon() {
        if (replyEnded) {
            return;
        }
        Flow.Subscription subscription = lines;
        if (subscription != null) {
            subscription.cancel();
        }
        CompletableFuture<?> pending = response;
        if (pending != null && !pending.isDone()) {
            pending.cancel(true);
        }
    }

    /** The body subscriber for the reply: SSE lines for a stream, else the whole body read into a failure. */
    private BodySubscriber<DecoderException> bodyFor(HttpResponse.ResponseInfo info) {
        replyStarted = true;
        touch();
        int status = info.statusCode();
        if (status / 100 != 2) {
            Duration retryAfter = RetryAfter.from(info.headers(), Clock.systemUTC()).orElse(null);
            return BodySubscribers.mapping(BodySubscribers.ofByteArray(), bytes -> {
                replyEnded = true;
                return failures.forStatus(status, ProviderError.fromBody(bytes), retryAfter);
            });
        }
        String type = info.headers().firstValue("content-type").orElse("text/event-stream");
        if (!type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return BodySubscribers.mapping(BodySubscribers.ofByteArray(), bytes -> {
                replyEnded = true;
                return failures.protocol("expected text/event-stream but got " + type + ": " + new String(bytes, StandardCharsets.UTF_8), null);
            });
        }
        return BodySubscribers.fromSubscriber(new BoundedLines(), subscriber -> null);
    }

    /**
     * Splits the body into lines (LF, CRLF or CR, as the event-stream format allows) for this exchange, refusing a line
     * longer than {@link #MAX_LINE_CHARS}: the JDK's line subscriber would buffer an endless line without bound. The
     * line ends are ASCII bytes that never occur inside a UTF-8 sequence, so a line is cut from bytes and decoded whole.
     */
    private final class BoundedLines implements Flow.Subscriber<List<ByteBuffer>> {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean afterCr;
        private boolean refused;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            StreamExchange.this.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining() && !refused) {
                    byte b = buffer.get();
                    if (b == '\n' && afterCr) {
                        afterCr = false;
                        continue;
                    }
                    afterCr = b == '\r';
                    if (b == '\n' || b == '\r') {
                        emitLine();
                    } else if (line.size() >= MAX_LINE_CHARS) {
                        refused = true;
                        fail(failures.protocol("a line of the event stream is longer than " + MAX_LINE_CHARS + " bytes", null));
                    } else {
                        line.write(b);
                    }
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            StreamExchange.this.onError(error);
        }

        @Override
        public void onComplete() {
            if (line.size() > 0 && !refused) {
                emitLine();
            }
            StreamExchange.this.onComplete();
        }

        private void emitLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            StreamExchange.this.onNext(text);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        lines = subscription;
        if (closed) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        if (finished.get()) {
            return;
        }
        touch();
        try {
            sse.line(line);
        } catch (RuntimeException e) {
            fail(failures.forTransport(e, true, endpoint.connectTimeout()));
        }
    }

    @Override
    public void onError(Throwable error) {
        replyEnded = true;
        fail(failures.forTransport(error, true, endpoint.connectTimeout()));
    }

    @Override
    public void onComplete() {
        replyEnded = true;
        if (finished.get()) {
            return;
        }
        try {
            reader.endOfBody(emitter::emit);
            complete();
        } catch (RuntimeException e) {
            fail(failures.forTransport(e, true, endpoint.connectTimeout()));
        }
    }

    private void onEvent(SseParser.SseEvent event) {
        if (finished.get()) {
            return;
        }
        List<DecodeEvent> produced = new ArrayList<>(2);
        boolean terminal = reader.read(event, produced::add);
        if (terminal) {
            // marked before the events go out: a subscriber may cancel as soon as it sees Finished
            terminalSeen = true;
        }
        produced.forEach(emitter::emit);
        if (terminal) {
            complete();
        }
    }

    private void complete() {
        if (finished.compareAndSet(false, true)) {
            emitter.complete();
        }
    }

    private void fail(DecoderException failure) {
        if (finished.compareAndSet(false, true)) {
            LOG.debugf("%s failed: %s", endpoint.requestUri(), failure.getMessage());
            emitter.fail(failure);
        }
    }

    private void touch() {
        lastActivity = System.nanoTime();
    }

    /** One timer per attempt, moved forward rather than rescheduled on every line. */
    private void watchSilence(long delayNanos) {
        silenceTimer = TIMER.schedule(() -> {
            if (finished.get()) {
                return;
            }
            long silent = System.nanoTime() - lastActivity;
            long allowed = endpoint.readTimeout().toNanos();
            if (silent >= allowed) {
                fail(failures.readTimeout("nothing received for " + endpoint.readTimeout().toMillis() + " ms"));
            } else {
                watchSilence(allowed - silent);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "openai-decoder-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
