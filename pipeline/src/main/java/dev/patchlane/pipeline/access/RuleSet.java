package dev.patchlane.pipeline.access;

import java.nio.file.Path;
import java.util.List;

/**
 * One set of grants: the defaults', a tenant's or a source type's. See {@link RepositoryAccessConfig} for the meaning.
 *
 * @param allow URL patterns ({@code https://github.com/acme/*}, {@code ssh://git@gitlab.example.com/team/**})
 * @param allowLocal absolute directories under which a local path may be named
 * @param allowSsh whether ssh and scp-like addresses may match this set's {@code ssh://} patterns
 * @param allowPrivateHosts host names, IP addresses or CIDRs that may be or resolve to private addresses
 */
public record RuleSet(List<String> allow, List<Path> allowLocal, boolean allowSsh, List<String> allowPrivateHosts) {

    public RuleSet {
        allow = allow == null ? List.of() : List.copyOf(allow);
        allowLocal = allowLocal == null ? List.of() : List.copyOf(allowLocal);
        allowPrivateHosts = allowPrivateHosts == null ? List.of() : List.copyOf(allowPrivateHosts);
    }

    /** Grants nothing. */
    public static RuleSet none() {
        return new RuleSet(List.of(), List.of(), false, List.of());
    }

    public static RuleSet allowing(String... patterns) {
        return none().withAllow(patterns);
    }

    public RuleSet withAllow(String... patterns) {
        return new RuleSet(List.of(patterns), allowLocal, allowSsh, allowPrivateHosts);
    }

    public RuleSet withAllowLocal(Path... roots) {
        return new RuleSet(allow, List.of(roots), allowSsh, allowPrivateHosts);
    }

    public RuleSet withAllowSsh(boolean allowed) {
        return new RuleSet(allow, allowLocal, allowed, allowPrivateHosts);
    }

    public RuleSet withAllowPrivateHosts(String... hosts) {
        return new RuleSet(allow, allowLocal, allowSsh, List.of(hosts));
    }

    static RuleSet from(RepositoryAccessConfig.RuleSetConfig config) {
        return new RuleSet(
                config.allow().orElse(List.of()),
                config.allowLocal().orElse(List.of()),
                config.allowSsh().orElse(false),
                config.allowPrivateHosts().orElse(List.of()));
    }
}
