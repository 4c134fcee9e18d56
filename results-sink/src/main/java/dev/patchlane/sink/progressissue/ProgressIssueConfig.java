package dev.patchlane.sink.progressissue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The progress issues of migrations that ask for one ({@code progressIssue} in the manifest), kept by the sink role. */
@ConfigMapping(prefix = "patchlane.progress-issues")
public interface ProgressIssueConfig {

    /** Off: no sink keeps any progress issue, whatever manifests ask. */
    @WithDefault("true")
    boolean enabled();

    /** At most one edit per issue this often; changes in between are folded into the next edit. */
    @WithDefault("10s")
    Duration interval();

    /** Where users reach the dashboard; each issue links to {@code <base>/dashboard/migrations/<id>}. No link when unset. */
    Optional<URI> publicBaseUrl();

    /** The label every progress issue carries; lookups list the issues by it. */
    @WithDefault("patchlane-progress")
    String label();

    /** Jobs listed one by one in an issue; the rest are counted in one line. */
    @WithDefault("500")
    int maxJobsListed();

    /** The longest body written; GitHub refuses bodies over 65,536 characters. */
    @WithDefault("60000")
    int maxBodyChars();

    /** The consumer group whose assignment of the migrations topic's partitions makes one sink replica a migration's owner. */
    @WithDefault("patchlane-progress-issues")
    String group();
}
