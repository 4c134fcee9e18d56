package dev.patchlane.router.stats;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.pipeline.config.PatchlaneConfig;
import dev.patchlane.pipeline.config.Role;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.stats.RoutingStatsConfig;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import dev.patchlane.router.learning.LearningConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the statistics writer in router processes: one consumer group on outcomes, one writer per outcomes partition. */
@ApplicationScoped
public class OutcomeStatsAggregator {

    public static final String GROUP = "patchlane-router-stats";
    private static final Logger LOG = Logger.getLogger(OutcomeStatsAggregator.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    PatchlaneConfig patchlane;

    @Inject
    RoutingStatsConfig statsConfig;

    @Inject
    LearningConfig learning;

    @Inject
    RoutingStatsView view;

    @Inject
    TopicNames topics;

    private volatile StatsWriter writer;

    void start(@Observes StartupEvent event) {
        if (statsConfig.enabled() && Role.parse(patchlane.roles()).contains(Role.ROUTER)) {
            try {
                writer = StatsWriter.start(bootstrapServers, GROUP, topics.outcomes(), topics.routingStats(),
                        new Decay(learning.halfLife(), learning.recentHalfLife()), view,
                        OutcomeStatsAggregator::readOutcome);
            } catch (RuntimeException e) {
                // outcomes are still routed and published; only the statistics stop growing, which the log says
                LOG.errorf(e, "the routing statistics writer could not start");
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        StatsWriter current = writer;
        if (current != null) {
            current.close();
        }
    }

    static Outcome readOutcome(byte[] value) {
        return RecordReader.read(value, ContractSchema.OUTCOME, Outcome.class);
    }

    /** Outcomes that could not be read (the sink dead-letters them; here they are only counted). */
    public long unreadable() {
        StatsWriter current = writer;
        return current == null ? 0 : current.unreadable();
    }

    public long applied() {
        StatsWriter current = writer;
        return current == null ? 0 : current.applied();
    }

}
