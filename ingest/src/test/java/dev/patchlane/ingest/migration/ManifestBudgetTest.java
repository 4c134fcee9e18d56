package dev.patchlane.ingest.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.MigrationManifest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** YAML can spell numbers JSON cannot (.nan, .inf): a manifest's budgets are refused with a reason, never a crash. */
class ManifestBudgetTest {

    private final ManifestReader reader = new ManifestReader(64 * 1024);

    private static byte[] manifest(String budgets) {
        return ("name: m\ninstructions: x\nrepositories: [{url: /tmp/r}]\n" + budgets + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void budgetsAreRead() {
        MigrationManifest read = reader.read("application/yaml", manifest("budget: {maxTokens: 5000, maxCostUsd: 0.25}\n"
                + "totalBudget: {maxCostUsd: 12}"));
        assertEquals(new Budget(5_000L, 0.25, null), read.budget());
        assertEquals(new Budget(null, 12.0, null), read.totalBudget());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "budget: {maxCostUsd: .nan}",
            "budget: {maxCostUsd: .inf}",
            "totalBudget: {maxCostUsd: -.inf}",
            "budget: {maxTokens: 1e30}",
            "budget: {maxDeepTurns: '3'}",
            "totalBudget: {maxTokens: 100, maxDeepTurns: 3}",
            "budget: {maxTokens: [1]}",
            "budget: ~\ntotalBudget: {}"})
    void oddNumbersAndShapesAreRefusedWithTheField(String budgets) {
        ManifestReader.Refusal refusal = assertThrows(ManifestReader.Refusal.class, () -> reader.read("application/yaml", manifest(budgets)));
        assertEquals(400, refusal.status(), refusal.getMessage());
        assertTrue((refusal.getMessage() + refusal.violations()).contains("udget"), budgets + " -> " + refusal.getMessage() + refusal.violations());
    }
}
