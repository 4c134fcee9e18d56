package dev.patchlane.router;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Chooses a lane from a job's measured features and says why; pure, so every rule is unit-tested. */
public final class RoutingPolicy {

    private final RouterConfig config;

    public RoutingPolicy(RouterConfig config) {
        this.config = config;
    }

    public RouteFeatures features(Job job, long contextTokens) {
        return new RouteFeatures(job.kind(), job.targetPaths().size(), contextTokens, job.requiresStructuredOutput(),
                securitySignals(job), job.laneHint());
    }

    /** The decision, or empty with {@link #refusal} when no lane's window can hold the job. */
    public Optional<RouteDecision> decide(RouteFeatures features) {
        if (features.contextTokens() > config.deepContextTokens()) {
            return Optional.empty();
        }
        if (features.laneHint() != null) {
            Lane hinted = features.laneHint();
            if (hinted == Lane.FAST && features.contextTokens() > config.fastContextTokens()) {
                return Optional.of(new RouteDecision(Lane.DEEP, List.of("lane hint FAST overridden: context of "
                        + features.contextTokens() + " tokens exceeds the fast window of " + config.fastContextTokens()), features));
            }
            return Optional.of(new RouteDecision(hinted, List.of("lane hint " + hinted + " from the submitter"), features));
        }
        List<String> deepReasons = new ArrayList<>();
        if (features.outputSchemaRequired()) {
            deepReasons.add("structured output required (JSON Schema)");
        }
        if (!features.securitySignals().isEmpty()) {
            deepReasons.add("security-sensitive: " + String.join(", ", features.securitySignals()));
        }
        if (features.targetFiles() > config.fastMaxFiles()) {
            deepReasons.add(features.targetFiles() + " target files exceed the fast limit of " + config.fastMaxFiles());
        }
        if (features.contextTokens() > config.fastContextTokens()) {
            deepReasons.add("context of " + features.contextTokens() + " tokens exceeds the fast window of " + config.fastContextTokens());
        }
        if (!config.fastKinds().contains(features.kind())) {
            deepReasons.add(features.kind() + " jobs need reasoning");
        }
        if (!deepReasons.isEmpty()) {
            return Optional.of(new RouteDecision(Lane.DEEP, deepReasons, features));
        }
        return Optional.of(new RouteDecision(Lane.FAST, List.of("bounded " + features.kind() + " job: " + features.targetFiles()
                + " file(s), " + features.contextTokens() + " tokens, no schema, not security-sensitive"), features));
    }

    public String refusal(RouteFeatures features) {
        return "context of " + features.contextTokens() + " tokens exceeds the largest window (" + config.deepContextTokens() + ")";
    }

    private Set<String> securitySignalsOf(String text) {
        Set<String> found = new LinkedHashSet<>();
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : config.securityWords()) {
            if (Pattern.compile("(?<![a-z])" + Pattern.quote(word.toLowerCase(Locale.ROOT))).matcher(lower).find()) {
                found.add(word);
            }
        }
        return found;
    }

    private List<String> securitySignals(Job job) {
        Set<String> found = new LinkedHashSet<>();
        job.targetPaths().forEach(path -> found.addAll(securitySignalsOf(path)));
        found.addAll(securitySignalsOf(job.instructions()));
        return List.copyOf(found);
    }
}
