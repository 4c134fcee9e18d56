package dev.patchlane.pipeline.config;

import dev.patchlane.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Topic names, defaulting to {@link Topics}; the messaging channels read them through {@code ${patchlane.topic.*}}. */
@ConfigMapping(prefix = "patchlane.topic")
public interface TopicNames {

    @WithDefault(Topics.SUBMITTED)
    String submitted();

    @WithDefault(Topics.FAST)
    String fast();

    @WithDefault(Topics.DEEP)
    String deep();

    @WithDefault(Topics.OUTCOMES)
    String outcomes();

    @WithDefault(Topics.PUBLISHED)
    String published();

    @WithDefault(Topics.STATUS)
    String status();

    @WithDefault(Topics.DEAD_LETTER)
    String deadLetter();

    @WithDefault(Topics.WEBHOOKS)
    String webhooks();

    @WithDefault(Topics.MIGRATIONS)
    String migrations();

    /** Tickets by which sink replicas share GitHub's pacing of mutating calls; keyed by credential lane. */
    @WithDefault(Topics.PACING)
    String pacing();

    /** Outcome statistics per route key and outcomes partition, compacted: what the learned routing policy reads. */
    @WithDefault(Topics.ROUTING_STATS)
    String routingStats();

    default List<String> all() {
        return List.of(submitted(), fast(), deep(), outcomes(), published(), status(), deadLetter(), webhooks(), migrations(), pacing(),
                routingStats());
    }

    /**
     * Topics that keep the latest record per key: the state of jobs and migrations. Deliveries are not among them: their
     * raw payloads are deleted after {@code patchlane.kafka.deliveries-retention}.
     */
    default List<String> compacted() {
        return List.of(status(), migrations(), routingStats());
    }
}
