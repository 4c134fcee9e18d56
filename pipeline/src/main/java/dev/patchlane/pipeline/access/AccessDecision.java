package dev.patchlane.pipeline.access;

/** Whether a job may name a repository: allowed with its canonical spelling, or refused by one named rule. */
public sealed interface AccessDecision {

    default boolean isAllowed() {
        return this instanceof Allowed;
    }

    /**
     * The repository may be used.
     *
     * @param canonical the spelling to clone or push with: a URL with its host lower-cased (IDN names in punycode, numeric
     *     hosts as a dotted quad), no default port, no {@code .} segments and no trailing slash; an scp-like address as
     *     {@code user@host:path}; a local path as its real path
     */
    record Allowed(String canonical) implements AccessDecision {}

    /**
     * The repository may not be used.
     *
     * @param rule the rule that refused it
     * @param detail one line that starts with the rule's name and says what matched; safe to return and log: userinfo is
     *     replaced by {@code ***}, a query is cut, control characters are escaped and long input is shortened
     */
    record Refused(Rule rule, String detail) implements AccessDecision {

        /** The reason a job refused past ingest ends with. */
        public String reason() {
            return "repository refused by the allow-list: " + detail;
        }
    }

    /**
     * Why a repository was refused. The constant names are stable: they appear in 403 bodies and in DEAD reasons.
     * A repository is refused by the first rule that fires, in the order of {@link RepositoryAccessPolicy#check}.
     */
    enum Rule {
        /** Blank, longer than 2048 characters, control or invisible format characters, surrounding whitespace, a leading
         * {@code -} (read as a git option), an unparsable URI, host, port or path, a query or fragment, an empty or
         * encoded-separator path segment, or an scp-like address without a path. */
        MALFORMED,
        /** A {@code file:} URL in any case; local repositories are named by their absolute path. */
        FILE_SCHEME,
        /** Git's {@code <transport>::<address>} form ({@code ext::}, {@code fd::}, any {@code xyz::}), which runs a helper. */
        TRANSPORT_HELPER,
        /** Userinfo in an http(s) URL (a password or a token used as user name), or a password in an ssh URL. */
        CREDENTIALS_IN_URL,
        /** A scheme other than https, ssh and the scp-like {@code user@host:path}; {@code http} unless an applicable
         * allow pattern is written with {@code http://}. */
        UNSUPPORTED_SCHEME,
        /** An ssh or scp-like address where no applicable rule set has {@code allow-ssh=true}. */
        SSH_NOT_ALLOWED,
        /** A host that is, or resolves to, a private, loopback, link-local, CGNAT, reserved, any- or multicast address
         * (in any numeric spelling), or a private-by-name host ({@code localhost}, {@code *.local}, {@code *.internal},
         * a name without a dot …), not listed in {@code allow-private-hosts}. */
        PRIVATE_ADDRESS,
        /** The host did not resolve. */
        UNRESOLVABLE_HOST,
        /** A {@code ..} segment in a URL or local path, also percent-encoded (once or twice). */
        PATH_TRAVERSAL,
        /** A relative local path, or an absolute one under no applicable {@code allow-local} root. */
        LOCAL_PATH_NOT_ALLOWED,
        /** A local path whose real path leaves the root it was named under, or whose root is itself a symlink. */
        SYMLINK_ESCAPE,
        /** A URL that no applicable {@code allow} pattern matches; a URL without a path matches none. */
        NOT_ON_ALLOW_LIST
    }
}
