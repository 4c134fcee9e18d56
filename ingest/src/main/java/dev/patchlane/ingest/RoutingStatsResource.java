package dev.patchlane.ingest;

import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.ingest.routing.RoutingStatsSnapshot;
import dev.patchlane.ingest.routing.VisibleRoutingStats;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.LaneTally;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The routing statistics every router decides from, as this process's view of the statistics topic has them. Keys name
 * repositories of every tenant, so only an admin sees those; other callers see the per-kind and overall figures.
 */
@Path("/routing/stats")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingStatsResource {

    @Inject
    VisibleRoutingStats visibleStats;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Scope.Roles.READ)
    public Response stats() {
        Optional<RoutingStatsSnapshot> visible = visibleStats.forCaller(Caller.of(identity));
        if (visible.isEmpty()) {
            return Response.status(503).entity(Map.of("error", "this process does not read the routing statistics (patchlane.routing-stats.enabled=false)")).build();
        }
        RoutingStatsSnapshot snapshot = visible.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replayed", snapshot.replayed());
        body.put("skippedRecords", snapshot.skipped());
        if (snapshot.lastSkipReason() != null) {
            body.put("lastSkipReason", snapshot.lastSkipReason());
        }
        body.put("repositoriesShown", snapshot.repositoriesShown());
        body.put("keys", snapshot.keys().stream().map(RoutingStatsResource::body).toList());
        return Response.ok(body).build();
    }

    private static Map<String, Object> body(KeyStats stats) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", stats.key());
        body.put("outcomes", stats.outcomes());
        body.put("fast", lane(stats.fast()));
        body.put("deep", lane(stats.deep()));
        body.put("escalations", round(stats.escalations()));
        return body;
    }

    private static Map<String, Object> lane(LaneTally tally) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attempts", round(tally.attempts()));
        body.put("successes", round(tally.successes()));
        body.put("successRate", tally.attempts() > 0 ? round(tally.successes() / tally.attempts()) : null);
        body.put("meanCostUsd", tally.attempts() > 0 ? tally.meanCostUsd() : null);
        body.put("meanSeconds", tally.attempts() > 0 ? round(tally.meanSeconds()) : null);
        body.put("tokens", Math.round(tally.tokens()));
        return body;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
