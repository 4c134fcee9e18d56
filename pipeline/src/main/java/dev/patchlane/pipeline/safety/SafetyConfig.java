package dev.patchlane.pipeline.safety;

import dev.patchlane.codebase.safety.SafetyPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The patch safety policy: a default for every repository, and per-repository overrides keyed by the job's repository
 * exactly as submitted ({@code patchlane.safety.repositories."https\://github.com/acme/app".allow-executable=true}; in a
 * properties file a colon in a key must be escaped).
 */
@ConfigMapping(prefix = "patchlane.safety")
public interface SafetyConfig {

    @WithParentName
    Defaults defaults();

    Map<String, RepositoryPolicy> repositories();

    /** The policy for a repository: its overrides over the defaults. */
    default SafetyPolicy policyFor(String repository) {
        Defaults base = defaults();
        Optional<RepositoryPolicy> own = Optional.ofNullable(repositories().get(repository));
        return new SafetyPolicy(
                own.flatMap(RepositoryPolicy::allowExecutable).orElse(base.allowExecutable()),
                own.flatMap(RepositoryPolicy::allowBinary).orElse(base.allowBinary()),
                own.flatMap(RepositoryPolicy::allowedProtectedPaths).orElse(base.allowedProtectedPaths().orElse(List.of())),
                own.flatMap(RepositoryPolicy::maxFiles).orElse(base.maxFiles()),
                own.flatMap(RepositoryPolicy::maxChangedLines).orElse(base.maxChangedLines()),
                own.flatMap(RepositoryPolicy::maxPatchBytes).orElse(base.maxPatchBytes()),
                own.flatMap(RepositoryPolicy::scanSecrets).orElse(base.scanSecrets()));
    }

    interface Defaults {

        /** Whether a patch may create an executable file or make one executable. */
        @WithDefault("false")
        boolean allowExecutable();

        /** Whether binary patches are accepted. */
        @WithDefault("false")
        boolean allowBinary();

        /** Globs of protected paths (CI, tooling, CODEOWNERS …) that patches may change anyway. */
        Optional<List<String>> allowedProtectedPaths();

        @WithDefault("50")
        int maxFiles();

        /** Added plus removed lines. */
        @WithDefault("5000")
        int maxChangedLines();

        @WithDefault("1048576")
        long maxPatchBytes();

        /** Whether added lines are scanned for credentials; a hit refuses the patch. */
        @WithDefault("true")
        boolean scanSecrets();
    }

    interface RepositoryPolicy {

        Optional<Boolean> allowExecutable();

        Optional<Boolean> allowBinary();

        Optional<List<String>> allowedProtectedPaths();

        Optional<Integer> maxFiles();

        Optional<Integer> maxChangedLines();

        Optional<Long> maxPatchBytes();

        Optional<Boolean> scanSecrets();
    }
}
