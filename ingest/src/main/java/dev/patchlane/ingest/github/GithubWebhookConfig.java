package dev.patchlane.ingest.github;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How {@code POST /webhooks/github} checks deliveries and which events become jobs. */
@ConfigMapping(prefix = "patchlane.webhooks.github")
public interface GithubWebhookConfig {

    /** The webhook secret GitHub signs each delivery with; required unless {@link #allowUnsigned()} is set. */
    Optional<String> secret();

    /** Accept deliveries without checking their signature: for local experiments only, and logged loudly at start. */
    @WithDefault("false")
    boolean allowUnsigned();

    /** The tenant whose quotas and repository allow-list the jobs from GitHub's deliveries are judged by. */
    @WithDefault("github")
    String tenant();

    /** The label that asks patchlane to work on an issue or pull request. */
    @WithDefault("patchlane")
    String triggerLabel();

    /** The comment prefix of commands, e.g. {@code /patchlane fix}. */
    @WithDefault("/patchlane")
    String commandPrefix();

    /** Whose commands and labels are honoured, by GitHub's {@code author_association}. */
    @WithDefault("OWNER,MEMBER,COLLABORATOR")
    Set<String> trustedAssociations();

    /** Whether bot accounts may trigger jobs; off, so patchlane's own pull requests never start a loop. */
    @WithDefault("false")
    boolean allowBots();

    /** Check-run conclusions that ask for a lint fix. */
    @WithDefault("failure,action_required")
    Set<String> failingConclusions();

    /** The most files a single job from an issue or comment may name. */
    @WithDefault("20")
    int maxPathsPerJob();

    /** Clone URLs to use instead of the payload's, by repository full name (mirrors, or local copies in tests). */
    Map<String, String> cloneUrls();

    /** GitHub's REST API, for check-run annotations. */
    @WithDefault("https://api.github.com")
    URI apiUrl();

    /** The environment variable holding a token that may read check runs (checks: read). */
    @WithDefault("PATCHLANE_GITHUB_TOKEN")
    String tokenEnv();

    /**
     * Who may click "Retry on deep lane": the sender's permission on the repository, as GitHub's "Get repository
     * permissions for a user" names it ({@code admin}, {@code write}, {@code read}, {@code none}; maintainers read as
     * write), since a {@code requested_action} payload carries no {@code author_association}.
     */
    @WithDefault("admin,write")
    Set<String> retryPermissions();

    /** The longest a GitHub API call may take. */
    @WithDefault("10s")
    Duration apiTimeout();
}
