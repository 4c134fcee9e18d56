package dev.patchlane.app.cli.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One open {@code text/event-stream} answer, read event by event. A stream silent for longer than {@code silence} (the
 * server sends a keep-alive every 15 s) is closed, so a server that vanished without closing is noticed.
 */
public final class EventConnection implements AutoCloseable {

    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "patchlane-events-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;
    private final EventStreamParser parser = new EventStreamParser();
    private final ScheduledFuture<?> watch;
    private volatile long lastLine = System.nanoTime();
    private volatile boolean silent;

    EventConnection(HttpResponse<Stream<String>> response, Duration silence) {
        this.response = response;
        this.lines = response.body().iterator();
        long check = Math.max(100, silence.toMillis() / 4);
        this.watch = WATCH.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastLine > silence.toNanos()) {
                silent = true;
                close();
            }
        }, check, check, TimeUnit.MILLISECONDS);
    }

    public int status() {
        return response.statusCode();
    }

    /** The whole answer of a refused request, which is JSON. */
    public Reply reply() {
        try (Stream<String> body = response.body()) {
            return new Reply(response.statusCode(), String.join("\n", (Iterable<String>) () -> lines));
        } finally {
            watch.cancel(false);
        }
    }

    /**
     * The next event, or empty once the server ended the stream; throws {@link ServiceUnreachable} when the connection
     * broke or stayed silent too long.
     */
    public Optional<ServerSentEvent> next() {
        try {
            while (lines.hasNext()) {
                String line = lines.next();
                lastLine = System.nanoTime();
                Optional<ServerSentEvent> event = parser.line(line);
                if (event.isPresent()) {
                    return event;
                }
            }
            if (silent) {
                throw new ServiceUnreachable("the event stream was silent for too long");
            }
            return Optional.empty();
        } catch (UncheckedIOException e) {
            throw new ServiceUnreachable(silent ? "the event stream was silent for too long" : "the event stream broke: " + cause(e));
        }
    }

    private static String cause(UncheckedIOException e) {
        IOException cause = e.getCause();
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public void close() {
        watch.cancel(false);
        response.body().close();
    }
}
