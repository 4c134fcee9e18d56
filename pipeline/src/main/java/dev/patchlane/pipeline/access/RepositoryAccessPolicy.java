package dev.patchlane.pipeline.access;

import static dev.patchlane.pipeline.access.AccessDecision.Rule.LOCAL_PATH_NOT_ALLOWED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.NOT_ON_ALLOW_LIST;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.PRIVATE_ADDRESS;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.SSH_NOT_ALLOWED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.SYMLINK_ESCAPE;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.UNRESOLVABLE_HOST;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.UNSUPPORTED_SCHEME;

import dev.patchlane.pipeline.access.AccessDecision.Allowed;
import dev.patchlane.pipeline.access.AccessDecision.Refused;
import dev.patchlane.pipeline.access.IpAddresses.Classification;
import dev.patchlane.pipeline.access.IpAddresses.Kind;
import dev.patchlane.pipeline.access.Location.Local;
import dev.patchlane.pipeline.access.Location.Remote;
import dev.patchlane.pipeline.access.Location.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Decides whether a job may name a repository; the semantics are those of {@link RepositoryAccessConfig}.
 *
 * <p>{@link #check} first refuses what no configuration can allow: {@code MALFORMED} (length, characters, whitespace,
 * a leading {@code -}), {@code TRANSPORT_HELPER}, {@code FILE_SCHEME}; for a URL then {@code CREDENTIALS_IN_URL},
 * {@code UNSUPPORTED_SCHEME} (a scheme other than https, http and ssh), {@code MALFORMED} (user, host, port, query,
 * path syntax), {@code PATH_TRAVERSAL}, {@code MALFORMED} (a bad segment) and {@code PRIVATE_ADDRESS} for a forbidden
 * numeric host; for a path {@code PATH_TRAVERSAL}, then {@code LOCAL_PATH_NOT_ALLOWED} when it is relative. Then, per
 * applicable rule set, for a URL: a private numeric or private-by-name host the set does not list, ssh without
 * {@code allow-ssh} or http without an http pattern, no matching pattern, and last, only for a set whose pattern matched,
 * the DNS answer (unresolvable, or any address private and not listed); for a local path: no root containing it, then a
 * real path outside that root. When no set allows the repository, the refusal of the set that got furthest is returned,
 * the more specific set (tenant, then source, then defaults) first on a tie.
 * Only the DNS lookup touches the network, once per check; local paths are resolved on the file system.
 */
public final class RepositoryAccessPolicy {

    private record RuleSetCheck(String label, List<AllowPattern> patterns, List<Path> roots, boolean allowSsh, PrivateHosts privateHosts) {

        boolean hasPatternFor(Transport transport) {
            return patterns.stream().anyMatch(pattern -> pattern.transport() == transport);
        }
    }

    /** A refusal of one rule set, with how far that set got. */
    private record Step(int stage, Refused refused) {}

    private record Resolution(List<InetAddress> addresses, String failure) {}

    private final RuleSetCheck defaults;
    private final Map<String, RuleSetCheck> tenants;
    private final Map<String, RuleSetCheck> sources;
    private final HostResolver resolver;

    public RepositoryAccessPolicy(Rules rules) {
        this(rules, HostResolver.system());
    }

    /** Throws IllegalArgumentException, naming the configuration key, for a bad pattern, root or private host. */
    public RepositoryAccessPolicy(Rules rules, HostResolver resolver) {
        Objects.requireNonNull(rules, "rules");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.defaults = compile("the defaults", "patchlane.repositories", rules.defaults());
        this.tenants = rules.tenants().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> compile("tenant '" + e.getKey() + "'", "patchlane.repositories.tenants.\"" + e.getKey() + "\"", e.getValue())));
        this.sources = rules.sources().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> compile("source '" + e.getKey() + "'", "patchlane.repositories.sources.\"" + e.getKey() + "\"", e.getValue())));
    }

    private static RuleSetCheck compile(String label, String key, RuleSet set) {
        List<AllowPattern> patterns = new ArrayList<>();
        for (String pattern : set.allow()) {
            try {
                patterns.add(AllowPattern.parse(pattern));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".allow: " + e.getMessage(), e);
            }
        }
        List<Path> roots = new ArrayList<>();
        for (Path root : set.allowLocal()) {
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException(key + ".allow-local: '" + root + "' is not an absolute path");
            }
            roots.add(root.normalize());
        }
        PrivateHosts privateHosts;
        try {
            privateHosts = new PrivateHosts(set.allowPrivateHosts());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".allow-private-hosts: " + e.getMessage(), e);
        }
        return new RuleSetCheck(label, List.copyOf(patterns), List.copyOf(roots), set.allowSsh(), privateHosts);
    }

    /**
     * Whether a job of this tenant and source type may name this repository.
     *
     * @param repository the job's {@code repository} field, as submitted
     * @param tenant the job's tenant, or null
     * @param sourceType the job's source type ({@code api}, {@code github} …), or null
     */
    public AccessDecision check(String repository, String tenant, String sourceType) {
        Location location;
        try {
            location = RepositoryParser.parse(repository);
        } catch (Refusal refusal) {
            return refusal.refused();
        }
        List<RuleSetCheck> sets = applicable(tenant, sourceType);
        return location instanceof Remote remote ? checkRemote(remote, sets, repository) : checkLocal((Local) location, sets, repository);
    }

    private List<RuleSetCheck> applicable(String tenant, String sourceType) {
        List<RuleSetCheck> sets = new ArrayList<>(3);
        if (tenant != null && tenants.containsKey(tenant)) {
            sets.add(tenants.get(tenant));
        }
        if (sourceType != null && sources.containsKey(sourceType)) {
            sets.add(sources.get(sourceType));
        }
        sets.add(defaults);
        return sets;
    }

    private AccessDecision checkRemote(Remote remote, List<RuleSetCheck> sets, String repository) {
        Host host = remote.host();
        String shown = Shown.of(repository);
        Classification literal = host.literal().map(IpAddresses::classify).orElse(null);
        if (literal != null && literal.kind() == Kind.FORBIDDEN) {
            return Refusal.refused(PRIVATE_ADDRESS, shown + ": host " + host.name() + " is in " + literal.range() + ", never a git server");
        }
        Resolution resolution = null;
        Step furthest = null;
        for (RuleSetCheck set : sets) {
            Step step;
            if (literal != null && literal.kind() == Kind.PRIVATE && !set.privateHosts().allows(host, host.literal().get())) {
                step = new Step(1, Refusal.refused(PRIVATE_ADDRESS, shown + ": host " + host.name() + " is in " + literal.range()
                        + ", and allow-private-hosts of " + set.label() + " does not list it"));
            } else if (host.privateByName() && !set.privateHosts().listsName(host)) {
                step = new Step(1, Refusal.refused(PRIVATE_ADDRESS, shown + ": host " + host.name()
                        + " is a local or internal name, and allow-private-hosts of " + set.label() + " does not list it"));
            } else if (remote.transport() == Transport.SSH && !set.allowSsh()) {
                step = new Step(2, Refusal.refused(SSH_NOT_ALLOWED, shown + " is an ssh address, and " + set.label() + " does not set allow-ssh"));
            } else if (remote.transport() == Transport.HTTP && !set.hasPatternFor(Transport.HTTP)) {
                step = new Step(2, Refusal.refused(UNSUPPORTED_SCHEME, shown + " is plain http, and " + set.label() + " has no http:// pattern"));
            } else if (set.patterns().stream().noneMatch(pattern -> pattern.matches(remote))) {
                step = new Step(3, Refusal.refused(NOT_ON_ALLOW_LIST, shown + (remote.segments().isEmpty() ? " names no repository path, so" : "")
                        + " matches no allow pattern of " + labels(sets)));
            } else if (literal == null) {
                if (resolution == null) {
                    resolution = resolve(host);
                }
                step = checkAddresses(host, resolution, set, shown);
                if (step == null) {
                    return new Allowed(remote.canonical());
                }
            } else {
                return new Allowed(remote.canonical());
            }
            if (furthest == null || step.stage() > furthest.stage()) {
                furthest = step;
            }
        }
        return furthest.refused();
    }

    private Resolution resolve(Host host) {
        try {
            List<InetAddress> addresses = resolver.resolve(host.name());
            return addresses == null || addresses.isEmpty()
                    ? new Resolution(List.of(), "has no addresses")
                    : new Resolution(List.copyOf(addresses), null);
        } catch (UnknownHostException e) {
            return new Resolution(List.of(), "does not resolve");
        } catch (RuntimeException e) {
            return new Resolution(List.of(), "could not be resolved (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Null when every address is public, or private and listed by the set. */
    private static Step checkAddresses(Host host, Resolution resolution, RuleSetCheck set, String shown) {
        if (resolution.failure() != null) {
            return new Step(4, Refusal.refused(UNRESOLVABLE_HOST, shown + ": host " + host.name() + " " + resolution.failure()));
        }
        for (InetAddress address : resolution.addresses()) {
            Classification classification = IpAddresses.classify(address);
            if (classification.kind() == Kind.FORBIDDEN) {
                return new Step(4, Refusal.refused(PRIVATE_ADDRESS, shown + ": host " + host.name() + " resolves to an address in "
                        + classification.range() + ", never a git server"));
            }
            if (classification.kind() == Kind.PRIVATE && !set.privateHosts().allows(host, address)) {
                return new Step(4, Refusal.refused(PRIVATE_ADDRESS, shown + ": host " + host.name() + " resolves to an address in "
                        + classification.range() + ", and allow-private-hosts of " + set.label() + " does not list it"));
            }
        }
        return null;
    }

    private static AccessDecision checkLocal(Local local, List<RuleSetCheck> sets, String repository) {
        Path path = local.path();
        String shown = Shown.of(repository);
        Refused escape = null;
        for (RuleSetCheck set : sets) {
            for (Path root : set.roots()) {
                if (!path.startsWith(root)) {
                    continue;
                }
                AccessDecision decision = checkUnderRoot(path, root, shown);
                if (decision instanceof Allowed) {
                    return decision;
                }
                if (escape == null) {
                    escape = (Refused) decision;
                }
            }
        }
        return escape != null ? escape
                : Refusal.refused(LOCAL_PATH_NOT_ALLOWED, shown + " is under no allow-local root of " + labels(sets));
    }

    /** Compares real paths, so a symlink below the root, or the root being one, cannot lead elsewhere. */
    private static AccessDecision checkUnderRoot(Path path, Path root, String shown) {
        if (Files.isSymbolicLink(root)) {
            return Refusal.refused(SYMLINK_ESCAPE, shown + ": allow-local root " + root + " is itself a symlink");
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            return Refusal.refused(LOCAL_PATH_NOT_ALLOWED, shown + ": allow-local root " + root + " does not exist or cannot be read");
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.startsWith(root)) {
            return Refusal.refused(LOCAL_PATH_NOT_ALLOWED, shown + ": allow-local root " + root + " does not exist");
        }
        Path real;
        try {
            real = existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return Refusal.refused(SYMLINK_ESCAPE, shown + " goes through a symlink that does not resolve under " + root);
        }
        if (!real.startsWith(realRoot)) {
            return Refusal.refused(SYMLINK_ESCAPE, shown + " leaves allow-local root " + root + " through a symlink");
        }
        return new Allowed(real.toString());
    }

    private static String labels(List<RuleSetCheck> sets) {
        List<String> labels = sets.stream().map(RuleSetCheck::label).toList();
        return labels.size() == 1 ? labels.get(0)
                : String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
    }
}
