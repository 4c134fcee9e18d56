package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * An error as OpenAI returns it: an HTTP status and {@code {"error": {"message", "type", "param", "code"}}}.
 *
 * @param status the HTTP status
 * @param message what went wrong, for a person; never holds a credential
 * @param type OpenAI's error type, e.g. {@code invalid_request_error}
 * @param param the request field at fault, or null
 * @param code OpenAI's error code, e.g. {@code model_not_found}, or null
 * @param retryAfter how long a rate-limited client should wait, or null
 */
record ApiError(int status, String message, String type, String param, String code, Duration retryAfter) {

    static final String INVALID_REQUEST = "invalid_request_error";

    static ApiError invalid(String message, String param) {
        return new ApiError(400, message, INVALID_REQUEST, param, null, null);
    }

    static ApiError malformedJson(String problem) {
        return new ApiError(400, "We could not parse the JSON body of your request: " + problem, INVALID_REQUEST, null, null, null);
    }

    static ApiError modelNotFound(String model) {
        return new ApiError(404, "The model `" + model + "` does not exist or you do not have access to it.", INVALID_REQUEST,
                "model", "model_not_found", null);
    }

    static ApiError invalidUrl(String method, String path) {
        return new ApiError(404, "Invalid URL (" + method + " " + path + ")", INVALID_REQUEST, null, null, null);
    }

    static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "Method " + method + " is not allowed for " + path, INVALID_REQUEST, null, null, null);
    }

    static ApiError tooLarge(long maxBytes) {
        return new ApiError(413, "The request body exceeds the limit of " + maxBytes + " bytes.", INVALID_REQUEST, null, null, null);
    }

    static ApiError missingKey() {
        return new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header "
                + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", INVALID_REQUEST, null, null, null);
    }

    static ApiError wrongKey() {
        return new ApiError(401, "Incorrect API key provided.", INVALID_REQUEST, null, "invalid_api_key", null);
    }

    static ApiError internal(String message) {
        return new ApiError(500, message, "server_error", null, null, null);
    }

    /** The status and body a decoder failure gets when nothing of the response has been sent yet. */
    static ApiError from(Throwable failure) {
        if (!(failure instanceof DecoderException e)) {
            return internal("The server had an error while processing your request.");
        }
        String message = e.getMessage() == null ? e.failure().name() : e.getMessage();
        return switch (e.failure()) {
            case RATE_LIMITED -> new ApiError(429, message, "requests", null, "rate_limit_exceeded", e.retryAfter().orElse(null));
            case QUOTA_EXCEEDED -> new ApiError(429, message, "insufficient_quota", null, "insufficient_quota", null);
            case CONTEXT_LENGTH_EXCEEDED -> new ApiError(400, message, INVALID_REQUEST, "messages", "context_length_exceeded", null);
            case BAD_REQUEST -> new ApiError(within(e.httpStatus(), 400, 499, 400), message, INVALID_REQUEST, null, null, null);
            case UNAUTHORIZED -> new ApiError(within(e.httpStatus(), 401, 403, 401), message, INVALID_REQUEST, null, null, null);
            case SERVER_ERROR -> new ApiError(within(e.httpStatus(), 500, 599, 500), message, "server_error", null, null, null);
            case CONNECT -> new ApiError(502, message, "server_error", null, null, null);
            case READ_TIMEOUT -> new ApiError(504, message, "server_error", null, null, null);
            case CIRCUIT_OPEN, BUDGET_EXHAUSTED -> new ApiError(503, message, "server_error", null, null, null);
            case STREAM_CUT, PROTOCOL -> new ApiError(500, message, "server_error", null, null, null);
        };
    }

    private static int within(int status, int low, int high, int fallback) {
        return status >= low && status <= high ? status : fallback;
    }

    ApiException exception() {
        return new ApiException(this);
    }

    Buffer body() {
        ObjectNode root = WireJson.object();
        root.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return WireJson.buffer(root);
    }

    Future<Void> send(HttpServerResponse response) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (retryAfter != null) {
            long millis = Math.max(0, retryAfter.toMillis());
            response.putHeader("Retry-After", Long.toString((millis + 999) / 1000));
            response.putHeader("retry-after-ms", Long.toString(millis));
        }
        return response.end(body());
    }

    /** Thrown while reading a request to answer it with this error. */
    static final class ApiException extends RuntimeException {
        private final ApiError error;

        ApiException(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        ApiError error() {
            return error;
        }
    }
}
