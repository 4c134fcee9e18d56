package dev.patchlane.ingest;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Comparator;
import java.util.Map;

/** The HTTP way in for CI bots and the CLI, and the status of the caller's jobs (an admin's: every job). */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    JobIntake intake;

    @Inject
    JobStatusView statusView;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.Roles.SUBMIT)
    public Response submit(byte[] body) {
        Caller caller = Caller.of(identity);
        IntakeResult result = intake.submit(body == null ? new byte[0] : body, caller.tenant());
        if (result instanceof IntakeResult.Accepted accepted) {
            return Response.accepted(Map.of("id", accepted.id(), "duplicate", false)).build();
        }
        if (result instanceof IntakeResult.Duplicate duplicate) {
            if (statusView.get(duplicate.id()).filter(s -> !caller.sees(s.tenant())).isPresent()) {
                // Job ids derive from idempotency keys alone: another tenant's job with this key is not described to this one.
                return Response.status(409).entity(Map.of("error", "this idempotency key is already in use; choose another")).build();
            }
            return Response.ok(Map.of("id", duplicate.id(), "duplicate", true, "state", duplicate.state())).build();
        }
        if (result instanceof IntakeResult.Refused refused) {
            return Response.status(refused.httpStatus()).entity(Map.of("error", refused.error(), "violations", refused.violations())).build();
        }
        if (result instanceof IntakeResult.Forbidden forbidden) {
            return Response.status(403).entity(Map.of("error", "the repository is not allowed for this tenant: " + forbidden.detail(),
                    "rule", forbidden.rule())).build();
        }
        if (result instanceof IntakeResult.Throttled throttled) {
            return Response.status(429).header("Retry-After", Math.max(1, throttled.retryAfter().toSeconds()))
                    .entity(Map.of("error", "tenant limit " + throttled.limit() + " reached: " + throttled.detail())).build();
        }
        IntakeResult.Unavailable unavailable = (IntakeResult.Unavailable) result;
        return Response.status(503).header("Retry-After", "5").entity(Map.of("error", unavailable.error())).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Scope.Roles.READ)
    public Response status(@PathParam("id") String id) {
        if (!statusView.active()) {
            return withoutIngestRole();
        }
        Caller caller = Caller.of(identity);
        // Another tenant's job is answered exactly like one that does not exist.
        return statusView.get(id)
                .filter(status -> caller.sees(status.tenant()))
                .map(status -> Response.ok(status).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", "no job " + id)).build());
    }

    @GET
    @RolesAllowed(Scope.Roles.READ)
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
        int bounded = Math.max(1, Math.min(limit, 100_000));
        Caller caller = Caller.of(identity);
        if (caller.isAdmin()) {
            return Response.ok(statusView.list(wanted, bounded)).build();
        }
        JobState only = wanted;
        return Response.ok(statusView.matching(s -> caller.sees(s.tenant()) && (only == null || s.state() == only)).stream()
                .sorted(Comparator.comparing(JobStatus::updatedAt).reversed())
                .limit(bounded)
                .toList()).build();
    }

    private static Response withoutIngestRole() {
        return Response.status(503).entity(Map.of("error", "this process does not have the ingest role")).build();
    }
}
