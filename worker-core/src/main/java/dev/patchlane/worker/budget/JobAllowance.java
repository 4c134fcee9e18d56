package dev.patchlane.worker.budget;

import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Usage;
import dev.patchlane.worker.LaneSettings;
import java.util.Locale;
import java.util.Optional;

/**
 * What is left of a job's budget for one attempt: the job's limits less what earlier attempts spent, priced at this
 * lane's prices. Each decode is granted only the output tokens the budget can still pay for after its prompt.
 *
 * @param budget the job's budget, {@link Budget#NONE} when it has none
 * @param tokensBefore tokens earlier attempts spent
 * @param costBefore dollars earlier attempts spent
 */
public record JobAllowance(Budget budget, long tokensBefore, double costBefore, double inputPerMillion, double outputPerMillion) {

    public static JobAllowance of(RoutedJob routed, LaneSettings settings) {
        Usage before = routed.usageSoFar() == null ? Usage.NONE : routed.usageSoFar();
        return new JobAllowance(routed.job().budgetOrNone(), before.promptTokens() + before.completionTokens(), routed.costSoFar(),
                settings.price().inputPerMillion(), settings.price().outputPerMillion());
    }

    /**
     * What one more decode may produce.
     *
     * @param maxOutputTokens how many output tokens it may produce, at most the lane's own limit
     * @param limit the budget limit that set {@code maxOutputTokens}, or null when the lane's own limit did
     * @param refusal why the decode must not start (the budget cannot pay for its prompt), or null
     */
    public record Grant(int maxOutputTokens, String limit, String refusal) {

        public boolean refused() {
            return refusal != null;
        }

        public boolean cappedByBudget() {
            return limit != null;
        }
    }

    public long tokens(Usage here) {
        return tokensBefore + here.promptTokens() + here.completionTokens();
    }

    public double cost(Usage here) {
        return costBefore + here.costUsd(inputPerMillion, outputPerMillion);
    }

    /** Why the job has used its budget up, with what this attempt spent so far; empty while something is left. */
    public Optional<String> reached(Usage here) {
        return budget.reachedBy(tokens(here), cost(here));
    }

    /** Why the job spent more than its budget (a decoder that did not keep to the tokens it was granted); empty otherwise. */
    public Optional<String> exceeded(Usage here) {
        long tokens = tokens(here);
        double cost = cost(here);
        if (budget.maxTokens() != null && tokens > budget.maxTokens()) {
            return budget.reachedBy(tokens, 0);
        }
        if (budget.maxCostUsd() != null && cost > budget.maxCostUsd() + 1e-9) {
            return budget.reachedBy(0, cost);
        }
        return Optional.empty();
    }

    /** The output tokens a decode with {@code promptTokens} may produce after {@code here} was spent in this attempt. */
    public Grant grant(Usage here, long promptTokens, int maxOutputTokens) {
        Optional<String> used = reached(here);
        if (used.isPresent()) {
            return new Grant(0, null, used.get());
        }
        long tokensLeft = budget.tokensLeft(tokens(here));
        if (tokensLeft <= promptTokens) {
            return new Grant(0, "max tokens", String.format(Locale.ROOT,
                    "over budget: the next prompt needs %,d tokens and %,d of the job's %,d are left (max tokens)", promptTokens, tokensLeft,
                    budget.maxTokens()));
        }
        double costLeft = budget.costLeft(cost(here));
        double promptCost = promptTokens * inputPerMillion / 1_000_000.0;
        long byCost = outputPerMillion > 0 ? (long) Math.floor((costLeft - promptCost) * 1_000_000.0 / outputPerMillion)
                : costLeft > promptCost ? Long.MAX_VALUE : 0;
        if (byCost <= 0) {
            return new Grant(0, "max cost", String.format(Locale.ROOT,
                    "over budget: the next prompt costs $%.4f and $%.4f of the job's $%.4f is left (max cost)", promptCost, costLeft,
                    budget.maxCostUsd()));
        }
        long byTokens = tokensLeft - promptTokens;
        if (byTokens < maxOutputTokens && byTokens <= byCost) {
            return new Grant((int) byTokens, "max tokens", null);
        }
        if (byCost < maxOutputTokens) {
            return new Grant((int) byCost, "max cost", null);
        }
        return new Grant(maxOutputTokens, null, null);
    }

    /** Why a reply cut at the output tokens the budget granted is over budget, naming the limit. */
    public String cut(Grant grant, Usage here) {
        return reached(here).orElse(String.format(Locale.ROOT, "over budget: the reply was cut where the job's %s ran out (%,d tokens, $%.4f"
                + " spent; budget %s)", grant.limit(), tokens(here), cost(here), budget.describe()));
    }
}
