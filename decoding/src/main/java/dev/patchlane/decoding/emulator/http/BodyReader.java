package dev.patchlane.decoding.emulator.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads a request body up to a cap. A {@code Content-Length} over the cap is refused before a byte of the body is
 * read; a body that grows past it (chunked, or lying about its length) is refused as soon as it does. A refused
 * connection is closed, since the rest of its body would otherwise have to be read.
 */
final class BodyReader {

    private static final long SWALLOW_BYTES = 1024 * 1024;
    private static final long SWALLOW_MILLIS = 2_000;

    private BodyReader() {
    }

    static void read(HttpServerRequest request, long maxBytes, Consumer<Buffer> then) {
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                refuse(request, ApiError.invalid("Invalid Content-Length header.", null));
                return;
            }
            if (length > maxBytes) {
                refuse(request, ApiError.tooLarge(maxBytes));
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if ((long) body.length() + chunk.length() > maxBytes) {
                // Replaces both handlers, so the body is dropped from here on and never handed on.
                refuse(request, ApiError.tooLarge(maxBytes));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(v -> then.accept(body));
    }

    /**
     * Answers with {@code error}, then reads and drops what the client still sends, up to {@link #SWALLOW_BYTES} or
     * {@link #SWALLOW_MILLIS}, before closing: closing a socket with unread input resets it, and a client still
     * sending its body would lose the answer.
     */
    private static void refuse(HttpServerRequest request, ApiError error) {
        HttpConnection connection = request.connection();
        long timer = Vertx.currentContext().owner().setTimer(SWALLOW_MILLIS, id -> connection.close());
        long[] swallowed = {0};
        request.handler(chunk -> {
            swallowed[0] += chunk.length();
            if (swallowed[0] > SWALLOW_BYTES) {
                connection.close();
            }
        });
        request.endHandler(v -> {
            Vertx.currentContext().owner().cancelTimer(timer);
            connection.close();
        });
        request.response().putHeader("Connection", "close");
        error.send(request.response());
    }
}
