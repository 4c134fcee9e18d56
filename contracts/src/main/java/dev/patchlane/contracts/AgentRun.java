package dev.patchlane.contracts;

import java.util.List;

/**
 * What the deep lane's agent loop did for one attempt, against its budgets.
 *
 * @param turns model turns taken
 * @param maxTurns the turn budget
 * @param tokens prompt plus completion tokens over every turn
 * @param maxTokens the token budget
 * @param costUsd the estimated price of every turn
 * @param maxCostUsd the cost budget
 * @param wallMs wall time of the loop
 * @param maxWallMs the wall-time budget
 * @param ended how the loop ended: {@code finished}, {@code no_change}, or the budget or fault that stopped it
 * @param steps every tool call in order
 */
public record AgentRun(int turns, int maxTurns, long tokens, long maxTokens, double costUsd, double maxCostUsd, long wallMs,
        long maxWallMs, String ended, List<AgentStep> steps) {

    public AgentRun {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
