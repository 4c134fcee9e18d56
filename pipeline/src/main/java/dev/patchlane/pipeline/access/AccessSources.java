package dev.patchlane.pipeline.access;

import java.util.Set;

/**
 * Which source's allow-list rules apply to a job. A job's source type is what its submitter calls itself; only the
 * sources patchlane builds itself ({@code github}, {@code migration}) are trusted to name their own rules, every other
 * job (API callers, CLI, CI bots, records written straight to Kafka) is judged as {@code api}, so no caller gains a
 * rule set by naming it.
 */
public final class AccessSources {

    public static final String API = "api";

    private static final Set<String> OWN = Set.of("github", "migration");

    private AccessSources() {
    }

    public static String of(String declaredType) {
        return declaredType != null && OWN.contains(declaredType) ? declaredType : API;
    }
}
