package dev.patchlane.decoding.emulator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams over real sockets: one {@code POST /v1/chat/completions} with {@code stream: true} per prompt, all open at
 * once, read asynchronously by the JDK client (no thread per stream). A byte subscriber stamps each content delta and
 * reads the usage chunk; the deltas are neither decoded to strings nor parsed as JSON, to keep the load client light.
 */
final class HttpLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI uri;
    private final String model;

    HttpLoad(HttpClient client, URI baseUri, String model) {
        this.client = client;
        this.uri = URI.create(baseUri + "/chat/completions");
        this.model = model;
    }

    /** Sends every prompt, spreading the sends over {@code rampNanos}, and waits for every stream to end. */
    void run(List<String> prompts, List<StreamSample> samples, long rampNanos, long timeoutSeconds) throws Exception {
        List<HttpRequest> requests = prompts.stream().map(this::request).toList();
        CompletableFuture<?>[] done = new CompletableFuture<?>[requests.size()];
        long begin = System.nanoTime();
        for (int i = 0; i < requests.size(); i++) {
            long due = begin + (requests.size() == 1 ? 0 : rampNanos * i / (requests.size() - 1));
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            StreamSample sample = samples.get(i);
            // The clock starts when the stream was due, so a generator or server falling behind is not hidden.
            sample.sentAt = due;
            done[i] = client.sendAsync(requests.get(i), HttpResponse.BodyHandlers.fromSubscriber(new SseReader(sample)))
                    .thenAccept(response -> sample.status = response.statusCode())
                    .exceptionally(failure -> {
                        sample.error = String.valueOf(failure);
                        return null;
                    });
        }
        CompletableFuture.allOf(done).get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private HttpRequest request(String prompt) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", true).put("max_tokens", 4096);
        body.putObject("stream_options").put("include_usage", true);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        try {
            return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one chat stream's bytes line by line, without decoding them to strings. */
    private static final class SseReader implements Flow.Subscriber<List<ByteBuffer>> {
        private static final byte[] DATA = ascii("data: {");
        private static final byte[] CONTENT = ascii("\"delta\":{\"content\":\"");
        private static final byte[] COMPLETION_TOKENS = ascii("\"completion_tokens\":");

        private final StreamSample sample;
        private byte[] line = new byte[512];
        private int length;

        SseReader(StreamSample sample) {
            this.sample = sample;
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            long now = System.nanoTime();
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        endOfLine(now);
                        length = 0;
                    } else {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[length++] = b;
                    }
                }
            }
        }

        private void endOfLine(long now) {
            if (length < DATA.length || Arrays.mismatch(line, 0, DATA.length, DATA, 0, DATA.length) != -1) {
                return;
            }
            int content = indexOf(CONTENT);
            if (content > 0 && content + CONTENT.length < length && line[content + CONTENT.length] != '"') {
                sample.token(now);
                return;
            }
            int usage = indexOf(COMPLETION_TOKENS);
            if (usage > 0) {
                long tokens = 0;
                for (int i = usage + COMPLETION_TOKENS.length; i < length && line[i] >= '0' && line[i] <= '9'; i++) {
                    tokens = tokens * 10 + line[i] - '0';
                }
                sample.completionTokens = tokens;
            }
        }

        private int indexOf(byte[] pattern) {
            outer:
            for (int i = 0; i + pattern.length <= length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (line[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void onError(Throwable failure) {
            sample.error = String.valueOf(failure);
        }

        @Override
        public void onComplete() {
        }
    }
}
