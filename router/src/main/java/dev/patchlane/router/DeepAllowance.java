package dev.patchlane.router;

import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.Usage;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongToDoubleFunction;

/** Whether what is left of a job's budget can pay for a deep attempt, judged before an escalation is started. */
final class DeepAllowance {

    private DeepAllowance() {
    }

    /**
     * @param needTokens the fewest tokens a deep attempt needs: the job's measured context and the reserve for the rest
     * @param inputCost what that many prompt tokens cost on the deep lane
     * @return why the deep attempt is not started, naming the limit; empty when the budget allows it (or there is none)
     */
    static Optional<String> refusal(Budget budget, Usage spent, double costSoFar, long needTokens, LongToDoubleFunction inputCost) {
        long tokens = spent.promptTokens() + spent.completionTokens();
        Optional<String> reached = budget.reachedBy(tokens, costSoFar);
        if (reached.isPresent()) {
            return reached;
        }
        long tokensLeft = budget.tokensLeft(tokens);
        if (tokensLeft < needTokens) {
            return Optional.of(String.format(Locale.ROOT, "over budget: a deep attempt needs about %,d tokens and %,d of the job's %,d are left"
                    + " (max tokens)", needTokens, tokensLeft, budget.maxTokens()));
        }
        double need = inputCost.applyAsDouble(needTokens);
        double costLeft = budget.costLeft(costSoFar);
        if (costLeft < need) {
            return Optional.of(String.format(Locale.ROOT, "over budget: a deep attempt costs about $%.4f and $%.4f of the job's $%.4f is left"
                    + " (max cost)", need, costLeft, budget.maxCostUsd()));
        }
        return Optional.empty();
    }
}
