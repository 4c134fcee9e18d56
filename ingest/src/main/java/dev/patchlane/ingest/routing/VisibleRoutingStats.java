package dev.patchlane.ingest.routing;

import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * The routing statistics one caller may see, for {@code GET /routing/stats} and the dashboard alike: key levels that name
 * a repository (they hold a {@code |}) belong to every tenant, so only an admin sees those, and the last skipped
 * record's reason, which may quote such a key.
 */
@ApplicationScoped
public class VisibleRoutingStats {

    @Inject
    RoutingStatsView view;

    /** What {@code caller} may see now, or empty when this process does not read the statistics topic. */
    public Optional<RoutingStatsSnapshot> forCaller(Caller caller) {
        if (!view.reading()) {
            return Optional.empty();
        }
        return Optional.of(new RoutingStatsSnapshot(view.awaitReplayed(Duration.ZERO), view.skipped(),
                caller.isAdmin() ? view.lastSkipReason().orElse(null) : null, caller.isAdmin(),
                view.all().stream().filter(stats -> visible(stats.key(), caller)).toList()));
    }

    static boolean visible(String key, Caller caller) {
        return caller.isAdmin() || !namesRepository(key);
    }

    public static boolean namesRepository(String key) {
        return key.contains("|");
    }
}
