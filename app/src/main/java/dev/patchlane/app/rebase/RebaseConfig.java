package dev.patchlane.app.rebase;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How patchlane follows a moving base: {@code patchlane.rebase.*}. */
@ConfigMapping(prefix = "patchlane.rebase")
public interface RebaseConfig {

    /** Whether a push to a base branch is acted on at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * At most one scan of a base branch's pull requests per interval, so at most one re-run per pull request per
     * interval; pushes in between are coalesced into the latest.
     */
    @WithDefault("10m")
    Duration interval();

    /** Pull requests looked at per scan; the rest wait for the next push. */
    @WithDefault("50")
    int maxPullsPerScan();

    /** Re-runs started per scan, whatever the number of pull requests that need one. */
    @WithDefault("10")
    int maxRerunsPerScan();

    /** Base branches with a move waiting; a push beyond that is answered 503, so GitHub can redeliver it. */
    @WithDefault("1000")
    int maxPendingBranches();

    /**
     * Globs (java.nio {@code glob:} syntax, on repository paths) of files the operator declares no check reads, e.g.
     * {@code docs/**,**}{@code /*.md}; a move touching only such files cannot change the checks. Empty by default: every
     * file is assumed read by a check.
     */
    Optional<List<String>> checkFreePaths();

    /** Records of the submitted topic read, at most, to find a published job's definition. */
    @WithDefault("200000")
    int maxLookupRecords();
}
