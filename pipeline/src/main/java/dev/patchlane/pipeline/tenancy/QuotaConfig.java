package dev.patchlane.pipeline.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Per-tenant admission limits: defaults for every tenant, and overrides per tenant
 * ({@code patchlane.quotas.tenants.acme.max-in-flight=500}). A limit left unset is not enforced.
 */
@ConfigMapping(prefix = "patchlane.quotas")
public interface QuotaConfig {

    @WithParentName
    Limits defaults();

    Map<String, TenantLimits> tenants();

    /** The tenant's limits: its own over the defaults. */
    default QuotaLimits limitsFor(String tenant) {
        Limits base = defaults();
        Optional<TenantLimits> own = Optional.ofNullable(tenant == null ? null : tenants().get(tenant));
        return new QuotaLimits(
                own.map(TenantLimits::maxInFlight).filter(OptionalLong::isPresent).orElse(base.maxInFlight()),
                own.map(TenantLimits::maxJobsPerHour).filter(OptionalLong::isPresent).orElse(base.maxJobsPerHour()),
                own.map(TenantLimits::maxTokensPerDay).filter(OptionalLong::isPresent).orElse(base.maxTokensPerDay()),
                own.map(TenantLimits::maxCostPerDayUsd).filter(OptionalDouble::isPresent).orElse(base.maxCostPerDayUsd()));
    }

    interface Limits {

        /** Jobs not yet in a terminal state. */
        @WithDefault("10000")
        OptionalLong maxInFlight();

        /** Jobs submitted in the last 60 minutes. */
        OptionalLong maxJobsPerHour();

        /** Prompt plus completion tokens spent since midnight UTC. */
        OptionalLong maxTokensPerDay();

        /** Spend since midnight UTC, at the lanes' configured prices. */
        OptionalDouble maxCostPerDayUsd();
    }

    interface TenantLimits {

        OptionalLong maxInFlight();

        OptionalLong maxJobsPerHour();

        OptionalLong maxTokensPerDay();

        OptionalDouble maxCostPerDayUsd();
    }
}
