package dev.patchlane.pipeline.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the pipeline's topics are created at start-up. */
@ConfigMapping(prefix = "patchlane.kafka")
public interface TopicSettings {

    /** Create missing topics at start-up; turn off where topics are managed elsewhere (e.g. Strimzi KafkaTopic). */
    @WithDefault("true")
    boolean createTopics();

    /** Partitions of each created topic: the most consumers of one stage that can share its work. */
    @WithDefault("4")
    int partitions();

    @WithDefault("1")
    short replicationFactor();
}
