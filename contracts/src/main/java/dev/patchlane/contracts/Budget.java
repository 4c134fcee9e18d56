package dev.patchlane.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user lets one job spend, over all of its attempts, or (as a migration's total) all of a migration's jobs
 * together; every limit is optional and null means "only the configured limits apply".
 *
 * @param maxTokens prompt plus completion tokens
 * @param maxCostUsd estimated US dollars, at the lanes' configured prices
 * @param maxDeepTurns model turns of the deep lane's tool loop (not part of a migration's total)
 */
public record Budget(Long maxTokens, Double maxCostUsd, Integer maxDeepTurns) {

    public static final Budget NONE = new Budget(null, null, null);

    @JsonIgnore
    public boolean isEmpty() {
        return maxTokens == null && maxCostUsd == null && maxDeepTurns == null;
    }

    /** Why {@code tokens} and {@code costUsd} have used this budget up, naming the limit; empty while something is left. */
    public Optional<String> reachedBy(long tokens, double costUsd) {
        if (maxTokens != null && tokens >= maxTokens) {
            return Optional.of(String.format(Locale.ROOT, "over budget: %,d tokens of %,d (max tokens)", tokens, maxTokens));
        }
        if (maxCostUsd != null && costUsd >= maxCostUsd) {
            return Optional.of(String.format(Locale.ROOT, "over budget: $%.4f of $%.4f (max cost)", costUsd, maxCostUsd));
        }
        return Optional.empty();
    }

    /** Why {@code turns} deep turns have used this budget's turns up; empty while turns are left. */
    public Optional<String> turnsReachedBy(int turns) {
        if (maxDeepTurns != null && turns >= maxDeepTurns) {
            return Optional.of(String.format(Locale.ROOT, "over budget: %d deep turns of %d (max deep turns)", turns, maxDeepTurns));
        }
        return Optional.empty();
    }

    /** Tokens left after {@code spent}, never negative; {@link Long#MAX_VALUE} without a token limit. */
    public long tokensLeft(long spent) {
        return maxTokens == null ? Long.MAX_VALUE : Math.max(0, maxTokens - spent);
    }

    /** Dollars left after {@code spent}, never negative; infinite without a cost limit. */
    public double costLeft(double spent) {
        return maxCostUsd == null ? Double.POSITIVE_INFINITY : Math.max(0, maxCostUsd - spent);
    }

    /** The limits in words, e.g. {@code 400,000 tokens, $0.50, 8 deep turns}; {@code none} when empty. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (maxTokens != null) {
            parts.add(String.format(Locale.ROOT, "%,d tokens", maxTokens));
        }
        if (maxCostUsd != null) {
            parts.add(String.format(Locale.ROOT, "$%.2f", maxCostUsd));
        }
        if (maxDeepTurns != null) {
            parts.add(maxDeepTurns + " deep turns");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The budget of a record that has none (written before budgets existed, or submitted without one). */
    public static Budget orNone(Budget budget) {
        return budget == null ? NONE : budget;
    }
}
