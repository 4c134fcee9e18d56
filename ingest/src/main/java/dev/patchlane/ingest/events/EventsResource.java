package dev.patchlane.ingest.events;

import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /events?source=<type>[:<name>]&migration=<id>&state=<state>}: every status change of the caller's jobs
 * that the filter accepts, as server-sent events, from now or from a cursor ({@code Last-Event-ID}) on.
 */
@Path("/events")
public class EventsResource {

    @Inject
    JobStatusView statusView;

    @Inject
    StatusEventHub hub;

    @Inject
    EventsConfig config;

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @RolesAllowed(Scope.Roles.READ)
    public void events(@QueryParam("source") String source, @QueryParam("migration") String migration, @QueryParam("state") String state,
            @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("lastEventId") String lastEventIdParameter,
            @Context SseEventSink sink, @Context Sse sse, @Context HttpServerRequest request) {
        if (!statusView.active()) {
            throw EventRequests.refusal(503, "this process does not have the ingest role");
        }
        if (!statusView.awaitReplayed(JobEventsResource.REPLAY_WAIT)) {
            throw EventRequests.refusal(503, "the status view is still loading; retry in a moment");
        }
        SourceFilter filter;
        try {
            filter = SourceFilter.parse(Caller.of(identity), source, migration, state);
        } catch (IllegalArgumentException e) {
            throw EventRequests.refusal(400, e.getMessage());
        }
        String text = EventRequests.cursor(lastEventId, lastEventIdParameter);
        TopicCursor cursor;
        try {
            cursor = text == null ? null : TopicCursor.parse(text, hub.position());
        } catch (BadCursorException e) {
            throw EventRequests.refusal(400, e.getMessage());
        }
        if (hub.open() >= config.maxStreams()) {
            throw EventRequests.tooMany(config);
        }
        EventStream stream = EventRequests.stream(sink, sse, config, request);
        if (hub.openSource(filter, stream, cursor).isEmpty()) {
            throw EventRequests.tooMany(config);
        }
    }
}
