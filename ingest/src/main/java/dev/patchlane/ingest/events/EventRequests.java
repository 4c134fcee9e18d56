package dev.patchlane.ingest.events;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;

/** What the two event endpoints share: reading the cursor, refusing with JSON, making the stream. */
final class EventRequests {

    private EventRequests() {
    }

    /** The client's cursor: the {@code Last-Event-ID} header, else the {@code lastEventId} query parameter; null for none. */
    static String cursor(String header, String query) {
        if (header != null && !header.isEmpty()) {
            return header;
        }
        return query == null || query.isEmpty() ? null : query;
    }

    static WebApplicationException refusal(int status, String error) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", error));
        if (status == 503) {
            response.header("Retry-After", "5");
        }
        return new WebApplicationException(response.build());
    }

    static WebApplicationException tooMany(EventsConfig config) {
        return refusal(503, "too many event streams are open on this server (" + config.maxStreams() + "); retry later");
    }

    static EventStream stream(SseEventSink sink, Sse sse, EventsConfig config, HttpServerRequest request) {
        request.response().putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
        EventStream stream = new EventStream(sink, sse, config.buffer(), () -> request.connection().close());
        // A broadcaster of one tells when the client closes the connection, so its place is freed at once.
        var closing = sse.newBroadcaster();
        closing.register(sink);
        closing.onClose(closed -> stream.end());
        closing.onError((closed, failure) -> stream.end());
        return stream;
    }
}
