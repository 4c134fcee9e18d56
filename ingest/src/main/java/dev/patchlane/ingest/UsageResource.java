package dev.patchlane.ingest;

import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.pipeline.tenancy.QuotaLimits;
import dev.patchlane.pipeline.tenancy.TenantQuotas;
import dev.patchlane.pipeline.tenancy.TenantUsage;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tenant's usage against its limits, as the status topic every replica reads has it. */
@Path("/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    @Inject
    TenantQuotas quotas;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Scope.Roles.READ)
    public Response usage(@QueryParam("tenant") String tenant) {
        Caller caller = Caller.of(identity);
        String wanted = tenant == null || tenant.isBlank() ? caller.tenant() : tenant.strip();
        if (!caller.sees(wanted)) {
            // Like a job of another tenant: not described, not even as forbidden.
            return Response.status(404).entity(Map.of("error", "no tenant " + wanted)).build();
        }
        TenantUsage usage = quotas.usage(wanted);
        QuotaLimits limits = quotas.limits(wanted);
        Map<String, Object> limitsBody = new LinkedHashMap<>();
        limits.maxInFlight().ifPresent(v -> limitsBody.put("maxInFlight", v));
        limits.maxJobsPerHour().ifPresent(v -> limitsBody.put("maxJobsPerHour", v));
        limits.maxTokensPerDay().ifPresent(v -> limitsBody.put("maxTokensPerDay", v));
        limits.maxCostPerDayUsd().ifPresent(v -> limitsBody.put("maxCostPerDayUsd", v));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", wanted);
        body.put("inFlight", usage.inFlight());
        body.put("submittedLastHour", usage.submittedLastHour());
        body.put("tokensToday", usage.tokensToday());
        body.put("costTodayUsd", usage.costTodayUsd());
        body.put("limits", limitsBody);
        return Response.ok(body).build();
    }
}
