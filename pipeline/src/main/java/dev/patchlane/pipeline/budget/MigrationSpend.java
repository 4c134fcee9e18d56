package dev.patchlane.pipeline.budget;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Usage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleBiFunction;

/**
 * What each migration's jobs have spent, folded from the status view's changes one job status at a time: a job's usage
 * grows with its attempts, and each growth is priced at the lane of the status that shows it, as {@code TenantLedger}
 * prices a tenant's day. Its size grows with migrations, not with jobs; a job compacted away keeps what it spent.
 */
public final class MigrationSpend {

    /** What a migration's jobs spent so far. */
    public record Spent(long tokens, double costUsd) {
        public static final Spent NONE = new Spent(0, 0);
    }

    private final ToDoubleBiFunction<Lane, Usage> price;
    private final Map<String, Spent> byMigration = new ConcurrentHashMap<>();

    public MigrationSpend(ToDoubleBiFunction<Lane, Usage> price) {
        this.price = price;
    }

    /** Folds one change: {@code previous} null for a new job, {@code current} null for a job compacted away. */
    public void changed(JobStatus previous, JobStatus current) {
        if (current == null || current.source() == null || !"migration".equals(current.source().type())
                || current.source().reference() == null) {
            return;
        }
        Usage before = previous == null || previous.usage() == null ? Usage.NONE : previous.usage();
        Usage after = current.usage() == null ? Usage.NONE : current.usage();
        Usage delta = new Usage(Math.max(0, after.promptTokens() - before.promptTokens()),
                Math.max(0, after.completionTokens() - before.completionTokens()));
        long tokens = delta.promptTokens() + delta.completionTokens();
        if (tokens == 0) {
            return;
        }
        double cost = price.applyAsDouble(current.lane(), delta);
        byMigration.merge(current.source().reference(), new Spent(tokens, cost),
                (a, b) -> new Spent(a.tokens() + b.tokens(), a.costUsd() + b.costUsd()));
    }

    public Spent spent(String migrationId) {
        return byMigration.getOrDefault(migrationId, Spent.NONE);
    }
}
