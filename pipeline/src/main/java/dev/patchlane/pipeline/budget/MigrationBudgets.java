package dev.patchlane.pipeline.budget;

import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Migration;
import dev.patchlane.pipeline.migration.MigrationView;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Optional;

/**
 * A migration's total budget against what its jobs spent: the fan-out stops submitting, and the router and workers end
 * its jobs not yet started as CANCELLED, once the total is reached. Every process folds the same status topic, so they
 * agree within their views' lag; jobs already running finish, so the total can be passed by what they spend.
 */
@ApplicationScoped
public class MigrationBudgets {

    @Inject
    JobStatusView statusView;

    @Inject
    MigrationView migrations;

    @Inject
    LanePrices prices;

    private MigrationSpend spend;

    // Before the view's consumer starts, so the ledger folds every status from the topic's beginning.
    void listen(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 2) StartupEvent event) {
        ledger();
    }

    synchronized MigrationSpend ledger() {
        if (spend == null) {
            spend = new MigrationSpend(prices::cost);
            statusView.onChange(spend::changed);
        }
        return spend;
    }

    public MigrationSpend.Spent spent(String migrationId) {
        return ledger().spent(migrationId);
    }

    /** Why the migration may start no more jobs: its jobs spent its total budget; empty while some is left or it has none. */
    public Optional<String> exhausted(String migrationId) {
        Budget total = migrations.get(migrationId).map(Migration::manifest).map(m -> m.totalBudget()).orElse(null);
        if (total == null) {
            return Optional.empty();
        }
        MigrationSpend.Spent spent = spent(migrationId);
        return total.reachedBy(spent.tokens(), spent.costUsd())
                .map(why -> "its migration " + migrationId + " is " + why.replaceFirst("^over budget", "over its total budget"));
    }

    /** Why a migration's job must not start: the migration's total budget is spent; empty for every other job. */
    public Optional<String> stopOf(Job job) {
        JobSource source = job.source();
        if (source == null || !"migration".equals(source.type()) || source.reference() == null) {
            return Optional.empty();
        }
        return exhausted(source.reference()).map(why -> why + "; not started");
    }
}
