package dev.patchlane.ingest.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.contracts.Budget;
import dev.patchlane.pipeline.budget.BudgetConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetBoundsTest {

    private static final BudgetConfig CONFIG = new BudgetConfig() {
        public long maxTokens() {
            return 1_000_000;
        }

        public double maxCostUsd() {
            return 50;
        }

        public int maxDeepTurns() {
            return 40;
        }

        public long deepReserveTokens() {
            return 4_000;
        }
    };

    @Test
    void limitsAboveTheConfiguredMaximaAreNamed() {
        assertEquals(List.of(), BudgetBounds.violations("budget", null, CONFIG));
        assertEquals(List.of(), BudgetBounds.violations("budget", new Budget(1_000_000L, 50.0, 40), CONFIG));
        assertEquals(List.of("budget.maxTokens: 1,000,001 is more than the configured maximum of 1,000,000",
                "budget.maxCostUsd: 50.01 is more than the configured maximum of 50.0",
                "budget.maxDeepTurns: 41 is more than the configured maximum of 40"),
                BudgetBounds.violations("budget", new Budget(1_000_001L, 50.01, 41), CONFIG));
        // Not finite is never within bounds (the schema refuses it first; this holds for a record built in-process).
        assertEquals(1, BudgetBounds.violations("totalBudget", new Budget(null, Double.NaN, null), CONFIG).size());
        assertEquals(1, BudgetBounds.violations("totalBudget", new Budget(null, Double.POSITIVE_INFINITY, null), CONFIG).size());
    }
}
