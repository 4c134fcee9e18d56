package dev.patchlane.pipeline.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

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

    /**
     * {@code min.insync.replicas} of each created topic; unset leaves the broker's default. With {@code acks=all} a
     * write then needs this many replicas in sync, so a cluster with replication factor 3 and 2 here keeps accepting
     * writes with one broker down and never acknowledges a record only one broker holds.
     */
    OptionalInt minInsyncReplicas();

    /**
     * How long the deliveries topic ({@code patchlane.topic.webhooks}) keeps a webhook delivery, raw untrusted payload
     * text included: its {@code retention.ms}, with {@code cleanup.policy=delete}, set when the topic is created and
     * restored at start-up where it differs (only while {@link #createTopics()} is on).
     */
    @WithDefault("7d")
    Duration deliveriesRetention();

    /**
     * How long the pacing topic ({@code patchlane.topic.pacing}) keeps tickets: longer than any replica's
     * {@code patchlane.publish.github.pacing.lookback}, short enough that the topic stays tiny.
     */
    @WithDefault("1h")
    Duration pacingRetention();
}
