package dev.patchlane.ingest;

import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.pipeline.stats.KeyStats;
import dev.patchlane.pipeline.stats.LaneTally;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing statistics every router decides from, as this process's view of the statistics topic has them. Keys name
 * repositories of every tenant, so only an admin sees those; other callers see the per-kind and overall figures.
 */
@Path("/routing/stats")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingStatsResource {

    @Inject
    RoutingStatsView view;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Scope.Roles.READ)
    public Response stats() {
        Caller caller = Caller.of(identity);
        if (!view.reading()) {
            return Response.status(503).entity(Map.of("error", "this process does not read the routing statistics (patchlane.routing-stats.enabled=false)")).build();
        }
        List<Map<String, Object>> keys = view.all().stream()
                .filter(stats -> caller.isAdmin() || !stats.key().contains("|"))
                .map(RoutingStatsResource::body).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replayed", view.awaitReplayed(Duration.ZERO));
        body.put("skippedRecords", view.skipped());
        view.lastSkipReason().ifPresent(reason -> body.put("lastSkipReason", reason));
        body.put("repositoriesShown", caller.isAdmin());
        body.put("keys", keys);
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
