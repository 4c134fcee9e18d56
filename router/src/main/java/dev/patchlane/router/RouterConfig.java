package dev.patchlane.router;

import dev.patchlane.contracts.JobKind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Set;

/** The routing policy's thresholds. */
@ConfigMapping(prefix = "patchlane.router")
public interface RouterConfig {

    /** Kinds the fast lane takes when nothing else sends them deep. */
    @WithDefault("LINT_FIX,TEST_GENERATION,MIGRATION")
    Set<JobKind> fastKinds();

    /** The most target files a fast-lane job may have. */
    @WithDefault("3")
    int fastMaxFiles();

    /** The fast decoder's context window in tokens. */
    @WithDefault("128000")
    long fastContextTokens();

    /** The deep decoder's context window in tokens; larger jobs are refused. */
    @WithDefault("192000")
    long deepContextTokens();

    /** Words in paths or instructions that make a job security-sensitive. */
    @WithDefault("auth,crypto,password,token,secret,sql")
    List<String> securityWords();
}
