package dev.patchlane.pipeline.access;

import dev.patchlane.pipeline.access.AccessDecision.Refused;
import dev.patchlane.pipeline.access.AccessDecision.Rule;

/** Ends parsing with a refusal; never leaves the package. */
final class Refusal extends RuntimeException {

    private final transient Refused refused;

    private Refusal(Refused refused) {
        super(refused.detail(), null, false, false);
        this.refused = refused;
    }

    static Refusal of(Rule rule, String what) {
        return new Refusal(refused(rule, what));
    }

    static Refused refused(Rule rule, String what) {
        return new Refused(rule, rule.name() + ": " + what);
    }

    Refused refused() {
        return refused;
    }
}
