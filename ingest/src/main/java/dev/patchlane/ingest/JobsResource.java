package dev.patchlane.ingest;

import dev.patchlane.contracts.JobState;
import dev.patchlane.pipeline.status.JobStatusView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Map;

/** The HTTP way in for CI bots and the CLI, and the status of every job. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    JobIntake intake;

    @Inject
    JobStatusView statusView;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(byte[] body) {
        IntakeResult result = intake.submit(body == null ? new byte[0] : body, null);
        if (result instanceof IntakeResult.Accepted accepted) {
            return Response.accepted(Map.of("id", accepted.id(), "duplicate", false)).build();
        }
        if (result instanceof IntakeResult.Duplicate duplicate) {
            return Response.ok(Map.of("id", duplicate.id(), "duplicate", true, "state", duplicate.state())).build();
        }
        if (result instanceof IntakeResult.Refused refused) {
            return Response.status(refused.httpStatus()).entity(Map.of("error", refused.error(), "violations", refused.violations())).build();
        }
        IntakeResult.Unavailable unavailable = (IntakeResult.Unavailable) result;
        return Response.status(503).header("Retry-After", "5").entity(Map.of("error", unavailable.error())).build();
    }

    @GET
    @Path("{id}")
    public Response status(@PathParam("id") String id) {
        if (!statusView.active()) {
            return withoutIngestRole();
        }
        return statusView.get(id)
                .map(status -> Response.ok(status).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", "no job " + id)).build());
    }

    @GET
    public Response list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("1000") int limit) {
        if (!statusView.active()) {
            return withoutIngestRole();
        }
        JobState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = JobState.valueOf(state.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Response.status(400).entity(Map.of("error", "unknown state " + state,
                        "states", Arrays.stream(JobState.values()).map(Enum::name).toList())).build();
            }
        }
        return Response.ok(statusView.list(wanted, Math.max(1, Math.min(limit, 100_000)))).build();
    }

    private static Response withoutIngestRole() {
        return Response.status(503).entity(Map.of("error", "this process does not have the ingest role")).build();
    }
}
