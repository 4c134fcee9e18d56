package dev.patchlane.decoding.openai;

import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what went wrong with one exchange into a {@link DecoderException} whose {@link Failure} says if a retry can help. */
final class Failures {

    private final String model;
    private final SafeText safe;

    Failures(String model, SafeText safe) {
        this.model = model;
        this.safe = safe;
    }

    /** A reply with a non-2xx status. */
    DecoderException forStatus(int status, ProviderError error, Duration retryAfter) {
        Failure failure = classify(status, error);
        String message = model + ": HTTP " + status + " " + failure + describe(error);
        return new DecoderException(failure, status, failure.retryable() ? retryAfter : null, message, null);
    }

    /** An error the server reported inside a 200 stream ({@code data: {"error": …}}, {@code error}, {@code response.failed}). */
    DecoderException forStreamError(ProviderError error) {
        int status = error.numericCode();
        Failure failure = status > 0 ? classify(status, error) : classifyCode(error);
        return new DecoderException(failure, status, null, model + ": the stream reported " + failure + describe(error), null);
    }

    DecoderException protocol(String what, Throwable cause) {
        return new DecoderException(Failure.PROTOCOL, 0, null, model + ": " + safe.of(what), cause);
    }

    /** The key cannot be sent as a header value (a line break or another character HTTP forbids); its text stays out. */
    DecoderException unusableKey() {
        return new DecoderException(Failure.UNAUTHORIZED, 0, null,
                model + ": the API key holds characters not allowed in an HTTP header (a line break?); nothing was sent", null);
    }

    DecoderException streamCut(String what) {
        return new DecoderException(Failure.STREAM_CUT, 0, null, model + ": " + what, null);
    }

    DecoderException readTimeout(String what) {
        return new DecoderException(Failure.READ_TIMEOUT, 0, null, model + ": " + what, null);
    }

    /** A failure of the transport: no connection, or the connection broke. */
    DecoderException forTransport(Throwable thrown, boolean replyStarted, Duration connectTimeout) {
        Throwable t = unwrap(thrown);
        if (t instanceof DecoderException known) {
            return known;
        }
        String detail = safe.of(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        if (t instanceof HttpConnectTimeoutException) {
            return new DecoderException(Failure.CONNECT, 0, null, model + ": no connection within " + connectTimeout.toMillis() + " ms", t);
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                || t.getCause() instanceof UnresolvedAddressException) {
            return new DecoderException(Failure.CONNECT, 0, null, model + ": cannot connect (" + detail + ")", t);
        }
        if (t instanceof HttpTimeoutException) {
            return new DecoderException(Failure.READ_TIMEOUT, 0, null, model + ": " + detail, t);
        }
        if (t instanceof IOException) {
            String when = replyStarted ? "the connection broke mid-reply" : "the connection closed before a reply";
            return new DecoderException(Failure.STREAM_CUT, 0, null, model + ": " + when + " (" + detail + ")", t);
        }
        return new DecoderException(Failure.PROTOCOL, 0, null, model + ": " + detail, t);
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static Failure classify(int status, ProviderError error) {
        if (status == 429) {
            return error.saysQuota() ? Failure.QUOTA_EXCEEDED : Failure.RATE_LIMITED;
        }
        if (status == 401) {
            return Failure.UNAUTHORIZED;
        }
        if (status == 403) {
            return error.saysQuota() ? Failure.QUOTA_EXCEEDED : Failure.UNAUTHORIZED;
        }
        if (status == 408 || status == 409 || status >= 500) {
            // OpenAI's own SDKs retry 408 and 409 as well: a timed-out or conflicting request may succeed when sent again
            return Failure.SERVER_ERROR;
        }
        if (status >= 400) {
            return error.saysContextTooLong() ? Failure.CONTEXT_LENGTH_EXCEEDED : Failure.BAD_REQUEST;
        }
        return Failure.PROTOCOL;
    }

    private static Failure classifyCode(ProviderError error) {
        if (error.saysQuota()) {
            return Failure.QUOTA_EXCEEDED;
        }
        if (error.saysContextTooLong()) {
            return Failure.CONTEXT_LENGTH_EXCEEDED;
        }
        if (error.is("rate_limit_exceeded") || error.is("rate_limit_error")) {
            return Failure.RATE_LIMITED;
        }
        if (error.is("invalid_request_error") || error.is("invalid_prompt")) {
            return Failure.BAD_REQUEST;
        }
        return Failure.SERVER_ERROR;
    }

    private String describe(ProviderError error) {
        String text = error.describe(safe);
        return text.isEmpty() ? "" : ": " + text;
    }
}
