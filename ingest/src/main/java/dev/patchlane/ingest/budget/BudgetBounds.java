package dev.patchlane.ingest.budget;

import dev.patchlane.contracts.Budget;
import dev.patchlane.pipeline.budget.BudgetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A budget against the operator's maxima ({@code patchlane.budget.*}); its shape (types, positive, finite) is the JSON
 * Schema's, checked before this.
 */
public final class BudgetBounds {

    private BudgetBounds() {
    }

    /** @param path where the budget sits in the request, for the messages ({@code budget}, {@code totalBudget}) */
    public static List<String> violations(String path, Budget budget, BudgetConfig config) {
        List<String> violations = new ArrayList<>();
        if (budget == null) {
            return violations;
        }
        if (budget.maxTokens() != null && budget.maxTokens() > config.maxTokens()) {
            violations.add(String.format(Locale.ROOT, "%s.maxTokens: %,d is more than the configured maximum of %,d", path, budget.maxTokens(),
                    config.maxTokens()));
        }
        if (budget.maxCostUsd() != null && !(budget.maxCostUsd() <= config.maxCostUsd())) {
            violations.add(String.format(Locale.ROOT, "%s.maxCostUsd: %s is more than the configured maximum of %s", path, budget.maxCostUsd(),
                    config.maxCostUsd()));
        }
        if (budget.maxDeepTurns() != null && budget.maxDeepTurns() > config.maxDeepTurns()) {
            violations.add(String.format(Locale.ROOT, "%s.maxDeepTurns: %d is more than the configured maximum of %d", path,
                    budget.maxDeepTurns(), config.maxDeepTurns()));
        }
        return violations;
    }
}
