package dev.patchlane.worker.verify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verification of patches: the checks each repository declares (here and in its {@code .patchlane.yml}), the sandbox
 * they run in, and their limits. Repository keys are the job's repository exactly as submitted, as for the safety
 * policy ({@code patchlane.verify.repositories."/srv/app".sandbox=none}).
 */
@ConfigMapping(prefix = "patchlane.verify")
public interface VerifyConfig {

    /** Whether workers run checks at all; off, every patch is published as not verified. */
    @WithDefault("true")
    boolean enabled();

    /** {@code bwrap} (the default) or {@code none}; {@code none} runs repository commands on the host, unisolated. */
    @WithDefault("bwrap")
    String sandbox();

    /** Whether a repository's own {@code .patchlane.yml} is read for checks. */
    @WithDefault("true")
    boolean readRepositoryFile();

    /** The longest timeout a declared check may ask for. */
    @WithDefault("10m")
    Duration maxCheckTimeout();

    /** Host paths the sandbox shows read-only besides {@code /usr} and a few {@code /etc} files, e.g. a JDK elsewhere. */
    Optional<List<String>> extraReadOnlyPaths();

    /** Checks one process runs at once; 0 means one per available processor. */
    @WithDefault("0")
    int maxConcurrentChecks();

    /** Base commits whose check results are kept. */
    @WithDefault("256")
    int baselineCacheSize();

    Limits limits();

    Map<String, RepositoryVerify> repositories();

    interface Limits {
        /** A check's wall time unless it declares its own timeout. */
        @WithDefault("120s")
        Duration wallTime();

        @WithDefault("120s")
        Duration cpuTime();

        /** Address space per process; a JVM reserves far more than it uses, so less than 4 GiB stops java and javac. */
        @WithDefault("4294967296")
        long memoryBytes();

        @WithDefault("256")
        int processes();

        /** Combined stdout and stderr; a check printing more is killed. */
        @WithDefault("4194304")
        long outputBytes();

        /** The end of a check's output kept in the outcome and shown to the deep model. */
        @WithDefault("4096")
        int tailBytes();
    }

    interface RepositoryVerify {
        /** {@code bwrap} or {@code none} for this repository. */
        Optional<String> sandbox();

        /**
         * With {@code sandbox=none}: whether the repository's own {@code .patchlane.yml} is still read. Off by default,
         * because a pull request can change that file and its commands would then run on the host.
         */
        Optional<Boolean> trustRepositoryChecks();

        /** Checks by name, ahead of the repository file's (a name in both runs this one). */
        Map<String, CheckConfig> checks();
    }

    interface CheckConfig {
        /** The argv, run without a shell. */
        Optional<List<String>> run();

        /** A line for {@code /bin/sh -c}, when the operator wants a shell. */
        Optional<String> shell();

        Optional<Duration> timeout();
    }
}
