package dev.patchlane.app.events;

import dev.patchlane.app.cli.client.EventStreamParser;
import dev.patchlane.app.cli.client.ServerSentEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One event stream over a real socket with the JDK HttpClient: its answer, its raw lines and its events as they come. */
final class SseConnection implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Put on the queue when the server ended the stream. */
    static final ServerSentEvent END = new ServerSentEvent(null, "<end>", "");

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();
    private final EventStreamParser parser = new EventStreamParser();
    private final Thread reader;

    private SseConnection(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start();
        }
    }

    /** Opens {@code path} with {@code token}, and {@code lastEventId} as the header when not null. */
    static SseConnection open(URI base, String path, String token, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseConnection(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refused request. */
    String body() {
        try (Stream<String> body = response.body()) {
            return String.join("\n", body.toList());
        }
    }

    /** The next event, {@link #END} once the server ended the stream, or null after {@code timeout}. */
    ServerSentEvent next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every event until the server ends the stream; fails after {@code timeout}. */
    List<ServerSentEvent> untilEnd(Duration timeout) throws InterruptedException {
        List<ServerSentEvent> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ServerSentEvent event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("the stream did not end within " + timeout + "; events so far: " + all);
            }
            if (event == END) {
                return all;
            }
            all.add(event);
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    int comments() {
        synchronized (this) {
            return parser.comments();
        }
    }

    private void read() {
        try (Stream<String> body = response.body()) {
            body.forEach(line -> {
                synchronized (this) {
                    lines.add(line);
                    parser.line(line).ifPresent(events::add);
                }
            });
        } catch (RuntimeException e) {
            // closed by the test
        }
        events.add(END);
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
