package dev.patchlane.pipeline.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every rule set of the repository allow-list, as plain values; see {@link RepositoryAccessConfig} for the semantics.
 *
 * @param defaults the rule set that applies to every job
 * @param tenants rule sets by tenant, each applying to that tenant's jobs only
 * @param sources rule sets by source type ({@code api}, {@code cli}, {@code github}, {@code migration}, {@code ci-bot},
 *     {@code demo} …), each applying to jobs from that source only
 */
public record Rules(RuleSet defaults, Map<String, RuleSet> tenants, Map<String, RuleSet> sources) {

    public Rules {
        Objects.requireNonNull(defaults, "defaults");
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /** Allows nothing. */
    public static Rules none() {
        return of(RuleSet.none());
    }

    public static Rules of(RuleSet defaults) {
        return new Rules(defaults, Map.of(), Map.of());
    }

    public Rules withTenant(String tenant, RuleSet rules) {
        Map<String, RuleSet> copy = new LinkedHashMap<>(tenants);
        copy.put(tenant, rules);
        return new Rules(defaults, copy, sources);
    }

    public Rules withSource(String sourceType, RuleSet rules) {
        Map<String, RuleSet> copy = new LinkedHashMap<>(sources);
        copy.put(sourceType, rules);
        return new Rules(defaults, tenants, copy);
    }

    public static Rules from(RepositoryAccessConfig config) {
        Map<String, RuleSet> tenants = new LinkedHashMap<>();
        config.tenants().forEach((name, set) -> tenants.put(name, RuleSet.from(set)));
        Map<String, RuleSet> sources = new LinkedHashMap<>();
        config.sources().forEach((name, set) -> sources.put(name, RuleSet.from(set)));
        return new Rules(RuleSet.from(config.defaults()), tenants, sources);
    }
}
