package dev.patchlane.pipeline.budget;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The bounds of the budgets users may set, and what the router keeps for a deep attempt before it escalates. */
@ConfigMapping(prefix = "patchlane.budget")
public interface BudgetConfig {

    /** The largest {@code maxTokens} a job's or a migration's budget may name; more is refused at intake. */
    @WithDefault("100000000")
    long maxTokens();

    /** The largest {@code maxCostUsd} a job's or a migration's budget may name. */
    @WithDefault("1000")
    double maxCostUsd();

    /** The largest {@code maxDeepTurns} a job's budget may name. */
    @WithDefault("200")
    int maxDeepTurns();

    /**
     * Tokens a deep attempt needs beyond the job's measured context before it is worth starting (system prompt, tool
     * specifications, a first reply): an escalation whose job has fewer left ends FAILED instead.
     */
    @WithDefault("4000")
    long deepReserveTokens();
}
