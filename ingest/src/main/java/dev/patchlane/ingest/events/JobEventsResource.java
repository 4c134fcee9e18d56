package dev.patchlane.ingest.events;

import dev.patchlane.contracts.JobStatus;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /jobs/{id}/events}: the job's status now, then each time it changes, as server-sent events, until it is
 * terminal. Readable like {@code GET /jobs/{id}}: another tenant's job is answered like one that does not exist.
 */
@Path("/jobs/{id}/events")
public class JobEventsResource {

    static final Duration REPLAY_WAIT = Duration.ofSeconds(5);

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
    public void events(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("lastEventId") String lastEventIdParameter, @Context SseEventSink sink, @Context Sse sse,
            @Context HttpServerRequest request) {
        if (!statusView.active()) {
            throw EventRequests.refusal(503, "this process does not have the ingest role");
        }
        if (!statusView.awaitReplayed(REPLAY_WAIT)) {
            throw EventRequests.refusal(503, "the status view is still loading; retry in a moment");
        }
        Caller caller = Caller.of(identity);
        JobStatus status = statusView.get(id).filter(s -> caller.sees(s.tenant()))
                .orElseThrow(() -> EventRequests.refusal(404, "no job " + id));
        String text = EventRequests.cursor(lastEventId, lastEventIdParameter);
        JobCursor cursor;
        try {
            cursor = text == null ? new JobCursor(0) : JobCursor.parse(text, id, status.history().size());
        } catch (BadCursorException e) {
            throw EventRequests.refusal(400, e.getMessage());
        }
        if (hub.open() >= config.maxStreams()) {
            throw EventRequests.tooMany(config);
        }
        EventStream stream = EventRequests.stream(sink, sse, config, request);
        if (hub.openJob(id, stream, cursor).isEmpty()) {
            throw EventRequests.tooMany(config);
        }
    }
}
