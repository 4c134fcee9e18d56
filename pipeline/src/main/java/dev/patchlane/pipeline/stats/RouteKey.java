package dev.patchlane.pipeline.stats;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.RouteFeatures;
import java.util.List;

/**
 * What outcomes are counted under: kind × repository × size bucket × signals, with three coarser fallbacks (kind ×
 * repository, kind, all), so that a key with thin evidence borrows from what is known around it.
 *
 * @param kind the job kind
 * @param repository the repository as submitted
 * @param size {@code S} (one file, up to 4k tokens), {@code M} (up to 3 files and 32k tokens) or {@code L}
 * @param signals {@code schema}, {@code security}, both joined with {@code +}, or {@code none}
 */
public record RouteKey(JobKind kind, String repository, String size, String signals) {

    public static final String ALL = "all";
    private static final long SMALL_TOKENS = 4_000;
    private static final long MEDIUM_TOKENS = 32_000;

    public static RouteKey of(RouteFeatures features, String repository) {
        String size = features.targetFiles() <= 1 && features.contextTokens() <= SMALL_TOKENS ? "S"
                : features.targetFiles() <= 3 && features.contextTokens() <= MEDIUM_TOKENS ? "M" : "L";
        String signals = features.outputSchemaRequired() && !features.securitySignals().isEmpty() ? "schema+security"
                : features.outputSchemaRequired() ? "schema" : !features.securitySignals().isEmpty() ? "security" : "none";
        return new RouteKey(features.kind(), repository, size, signals);
    }

    /** The keys counted for one outcome, finest first: the full key, kind × repository, kind, all. */
    public List<String> levels() {
        return List.of(kind + "|" + repository + "|" + size + "|" + signals, kind + "|" + repository, kind.name(), ALL);
    }

    /** How a level is said in a decision's reason, e.g. {@code LINT_FIX on acme/api (size S, no signals)}. */
    public String describe(int level) {
        return switch (level) {
            case 0 -> kind + " on " + repository + " (size " + size + ", " + (signals.equals("none") ? "no signals" : signals) + ")";
            case 1 -> kind + " on " + repository;
            case 2 -> kind + " on any repository";
            default -> "all jobs";
        };
    }
}
