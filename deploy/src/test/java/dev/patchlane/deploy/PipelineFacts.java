package dev.patchlane.deploy;

import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.kafka.TopicSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** What the application itself says about topics and consumer groups: the defaults the manifests must agree with. */
final class PipelineFacts {

    private PipelineFacts() {
    }

    static TopicNames topicNames() {
        return config().getConfigMapping(TopicNames.class);
    }

    static TopicSettings topicSettings() {
        return config().getConfigMapping(TopicSettings.class);
    }

    /** The application's own configuration file, as written (placeholders unresolved). */
    static Properties applicationProperties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Manifests.root().resolve("app/src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The topic an incoming channel reads, its {@code ${patchlane.topic.*}} placeholder resolved to the default name. */
    static String topicOfChannel(String channel) {
        String value = applicationProperties().getProperty("mp.messaging.incoming." + channel + ".topic");
        if (value == null) {
            return null;
        }
        TopicNames names = topicNames();
        Map<String, String> placeholders = Map.of(
                "${patchlane.topic.submitted}", names.submitted(), "${patchlane.topic.fast}", names.fast(),
                "${patchlane.topic.deep}", names.deep(), "${patchlane.topic.outcomes}", names.outcomes(),
                "${patchlane.topic.published}", names.published(), "${patchlane.topic.status}", names.status(),
                "${patchlane.topic.dead-letter}", names.deadLetter(), "${patchlane.topic.webhooks}", names.webhooks(),
                "${patchlane.topic.migrations}", names.migrations());
        return placeholders.getOrDefault(value, value);
    }

    static String groupOfChannel(String channel) {
        return applicationProperties().getProperty("mp.messaging.incoming." + channel + ".group.id");
    }

    private static SmallRyeConfig config() {
        // Quarkus' converter reads durations such as the deliveries' 7d default, as the application does
        return new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(TopicNames.class).withMapping(TopicSettings.class).build();
    }
}
