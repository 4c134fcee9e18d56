package dev.patchlane.decoding.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback port that plays scripted replies, one per request, and records what it received:
 * bodies, headers, arrival times, how many requests were in flight at once, and whether a write to a client failed.
 */
public final class StubServer implements AutoCloseable {

    /**
     * One request as the server saw it.
     *
     * @param path the request path
     * @param authorization the {@code Authorization} header, or null
     * @param body the JSON body
     * @param arrivedNanos {@link System#nanoTime()} on arrival
     */
    public record Received(String path, String authorization, JsonNode body, long arrivedNanos) {
    }

    /** Writes one reply. */
    @FunctionalInterface
    public interface Reply {
        void send(HttpExchange exchange, StubServer server) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stub-openai");
        thread.setDaemon(true);
        return thread;
    });
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<HttpExchange> counted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch writeFailed = new CountDownLatch(1);
    private volatile Reply otherwise;

    private StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StubServer start() {
        try {
            return new StubServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replies for the next requests, in order. */
    public StubServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply for every request once the script is used up. */
    public StubServer otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    public int requests() {
        return received.size();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** True once a write to a client failed, i.e. the client closed the connection mid-reply. */
    public boolean awaitWriteFailure(Duration timeout) throws InterruptedException {
        return writeFailed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Counts this exchange out of the in-flight requests, before its last bytes go out. */
    public void leave(HttpExchange exchange) {
        if (counted.remove(exchange)) {
            inFlight.decrementAndGet();
        }
    }

    /** Waits until at least {@code count} requests are in flight, or the timeout passes. */
    public void awaitInFlight(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    /** Blocks a handler until the server closes, standing for a server that went silent. */
    public void hangUntilClosed() throws InterruptedException {
        closing.await(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body = bytes.length == 0 ? NullNode.getInstance() : Json.mapper().readTree(bytes);
        received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"), body, arrived));
        counted.add(exchange);
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Reply reply = script.poll();
        if (reply == null) {
            reply = otherwise != null ? otherwise : Replies.json(500, "{\"error\":{\"message\":\"the stub has no reply scripted\",\"type\":\"stub\"}}");
        }
        try {
            reply.send(exchange, this);
        } catch (IOException e) {
            writeFailed.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leave(exchange);
            try {
                exchange.close();
            } catch (RuntimeException ignored) {
                // a deliberately broken reply leaves the exchange unfinishable
            }
        }
    }

    /** Ready-made replies. */
    public static final class Replies {

        private Replies() {
        }

        /** A complete JSON reply with a status and header name/value pairs. */
        public static Reply json(int status, String body, String... headers) {
            return (exchange, server) -> {
                for (int i = 0; i + 1 < headers.length; i += 2) {
                    exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            };
        }

        /** A 200 event stream of the given raw blocks (each a whole event with its blank line), flushed one by one. */
        public static Reply stream(String... blocks) {
            return (exchange, server) -> {
                OutputStream out = startStream(exchange);
                for (int i = 0; i < blocks.length; i++) {
                    if (i == blocks.length - 1) {
                        server.leave(exchange);
                    }
                    write(out, blocks[i]);
                }
            };
        }

        /** The blocks, then silence until the server closes. */
        public static Reply streamThenHang(String... blocks) {
            return (exchange, server) -> {
                OutputStream out = startStream(exchange);
                for (String block : blocks) {
                    write(out, block);
                }
                server.hangUntilClosed();
            };
        }

        /** The blocks announced with a longer Content-Length, then the connection closes: the body breaks off. */
        public static Reply streamThenBreak(String... blocks) {
            return (exchange, server) -> {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 1_000_000);
                OutputStream out = exchange.getResponseBody();
                for (String block : blocks) {
                    write(out, block);
                }
                // closing the exchange now, short of the announced length, makes the server drop the connection
            };
        }

        /** The same block again and again, until a write fails because the client has gone. */
        public static Reply streamUntilClientLeaves(String block, Duration every) {
            return (exchange, server) -> {
                OutputStream out = startStream(exchange);
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < end) {
                    write(out, block);
                    Thread.sleep(every.toMillis());
                }
            };
        }

        /** Waits until {@code count} requests are in flight (at most {@code patience}), then streams the blocks. */
        public static Reply streamOnceConcurrent(int count, Duration patience, String... blocks) {
            Reply stream = stream(blocks);
            return (exchange, server) -> {
                server.awaitInFlight(count, patience);
                stream.send(exchange, server);
            };
        }

        private static OutputStream startStream(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            return exchange.getResponseBody();
        }

        private static void write(OutputStream out, String block) throws IOException {
            out.write(block.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
