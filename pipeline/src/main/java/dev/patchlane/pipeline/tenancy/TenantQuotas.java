package dev.patchlane.pipeline.tenancy;

import dev.patchlane.pipeline.budget.LanePrices;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/** Admission by tenant: the limits of {@link QuotaConfig} against the {@link TenantLedger} the status view feeds. */
@ApplicationScoped
public class TenantQuotas {

    private static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(10);

    @Inject
    QuotaConfig config;

    @Inject
    JobStatusView view;

    @Inject
    LanePrices prices;

    private TenantLedger ledger;

    // Before the view's consumer starts, so the ledger folds every status from the topic's beginning.
    void listen(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 2) StartupEvent event) {
        ledger();
    }

    synchronized TenantLedger ledger() {
        if (ledger == null) {
            ledger = new TenantLedger(Clock.systemUTC(), prices::cost);
            view.onChange(ledger::changed);
        }
        return ledger;
    }

    public TenantUsage usage(String tenant) {
        return ledger().usage(tenant);
    }

    public QuotaLimits limits(String tenant) {
        return config.limitsFor(tenant);
    }

    /** Whether {@code tenant} may submit one more job now, and if not which limit it reached and when to retry. */
    public QuotaVerdict admit(String tenant) {
        return admit(tenant, 0);
    }

    /**
     * The same, counting {@code pending} jobs this caller has admitted but not yet written (a batch being prepared), which
     * the ledger cannot see yet.
     */
    public QuotaVerdict admit(String tenant, int pending) {
        QuotaLimits limits = config.limitsFor(tenant);
        TenantUsage usage = ledger().usage(tenant);
        long inFlight = usage.inFlight() + pending;
        if (limits.maxInFlight().isPresent() && inFlight >= limits.maxInFlight().getAsLong()) {
            return QuotaVerdict.refused("max-in-flight", inFlight + " jobs in flight, the limit is " + limits.maxInFlight().getAsLong(),
                    IN_FLIGHT_RETRY);
        }
        long submittedLastHour = usage.submittedLastHour() + pending;
        if (limits.maxJobsPerHour().isPresent() && submittedLastHour >= limits.maxJobsPerHour().getAsLong()) {
            return QuotaVerdict.refused("max-jobs-per-hour", submittedLastHour + " jobs submitted in the last hour, the limit is "
                    + limits.maxJobsPerHour().getAsLong(), ledger().untilHourlySlotFrees(tenant));
        }
        if (limits.maxTokensPerDay().isPresent() && usage.tokensToday() >= limits.maxTokensPerDay().getAsLong()) {
            return QuotaVerdict.refused("max-tokens-per-day", usage.tokensToday() + " tokens spent today (UTC), the limit is "
                    + limits.maxTokensPerDay().getAsLong(), ledger().untilNextDay());
        }
        if (limits.maxCostPerDayUsd().isPresent() && usage.costTodayUsd() >= limits.maxCostPerDayUsd().getAsDouble()) {
            return QuotaVerdict.refused("max-cost-per-day-usd", String.format(Locale.ROOT, "$%.4f spent today (UTC), the limit is $%.4f",
                    usage.costTodayUsd(), limits.maxCostPerDayUsd().getAsDouble()), ledger().untilNextDay());
        }
        return QuotaVerdict.ADMITTED;
    }
}
