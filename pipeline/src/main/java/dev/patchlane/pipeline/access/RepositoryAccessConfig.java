package dev.patchlane.pipeline.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository allow-list: which repositories a job may name in its {@code repository} field.
 *
 * <p>There are three kinds of rule set, each with the same keys: the defaults ({@code patchlane.repositories.allow=…}),
 * one per tenant ({@code patchlane.repositories.tenants."acme".allow=…}) and one per source type
 * ({@code patchlane.repositories.sources."ci-bot".allow=…}). For a job, the applicable sets are its tenant's, its source
 * type's and the defaults. A repository is allowed when at least one applicable set allows it on its own, and no refusal
 * that holds for every set fires (see {@link AccessDecision.Rule}). Nothing is allowed by default: an empty configuration
 * refuses every repository. A tenant's set never grants anything to another tenant.
 *
 * <p>A set allows:
 * <ul>
 *   <li>a URL that one of its {@code allow} patterns matches: {@code scheme://host[:port]/path} where the scheme is
 *       {@code https}, {@code http} (the only way to allow plain http) or {@code ssh}; in the path {@code *} matches one
 *       segment (or, inside a segment, any characters of it), {@code **} any number of segments; a trailing
 *       {@code .git} is optional on either side; the host is compared case-insensitively (IDN names in punycode), the
 *       path case-sensitively; a pattern without a port matches the scheme's default port only, and an
 *       {@code ssh://user@host} pattern only that user;</li>
 *   <li>an {@code ssh://} URL or scp-like {@code user@host:path} only when {@code allow-ssh=true} and one of its
 *       {@code ssh://} patterns matches ({@code git@github.com:acme/app} is matched as {@code ssh://git@github.com/acme/app});</li>
 *   <li>an absolute local path under one of its {@code allow-local} roots, lexically and by real path (symlinks are
 *       resolved; a root that is itself a symlink allows nothing; a path that does not exist yet is checked through its
 *       nearest existing parent);</li>
 *   <li>a host that is or resolves to a private address (RFC 1918, loopback, link-local, unique-local, CGNAT …) or is
 *       private by name ({@code localhost}, {@code *.localhost}, {@code *.local}, {@code *.internal},
 *       {@code *.home.arpa}, {@code *.localdomain}, a name without a dot) only when the host name, or for addresses
 *       an IP or CIDR covering each of them, is in its {@code allow-private-hosts}. The any-address, {@code 0.0.0.0/8},
 *       multicast and {@code 240.0.0.0/4} are refused whatever it says.</li>
 * </ul>
 * A host is resolved only once a pattern matched it; every other check needs no network. The clone resolves the host
 * again, so this check does not stop DNS rebinding between the two lookups.
 */
@ConfigMapping(prefix = "patchlane.repositories")
public interface RepositoryAccessConfig {

    /** The rule set for every job. */
    @WithParentName
    RuleSetConfig defaults();

    /** Rule sets by tenant. */
    Map<String, RuleSetConfig> tenants();

    /** Rule sets by source type ({@code api}, {@code cli}, {@code github}, {@code migration}, {@code ci-bot}, {@code demo}). */
    Map<String, RuleSetConfig> sources();

    interface RuleSetConfig {

        /** URL patterns per host, e.g. {@code https://github.com/acme/*}, {@code https://gitlab.example.com/team/**}. */
        Optional<List<String>> allow();

        /** Absolute directories under which a local path may be named. */
        Optional<List<Path>> allowLocal();

        /** Whether ssh and scp-like addresses may match this set's {@code ssh://} patterns; false when absent. */
        Optional<Boolean> allowSsh();

        /** Host names, IP addresses or CIDRs that may be or resolve to private addresses, e.g. an internal GitLab. */
        Optional<List<String>> allowPrivateHosts();
    }
}
