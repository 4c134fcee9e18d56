package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.WebhookDelivery;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The recorded GitHub payloads under src/test/resources/github and a mapper over the real configuration defaults. */
final class GithubFixtures {

    static final Instant RECEIVED = Instant.parse("2024-03-05T10:15:31Z");
    static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    private GithubFixtures() {
    }

    static ObjectNode payload(String name) {
        try (InputStream in = GithubFixtures.class.getResourceAsStream("/github/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        try (InputStream in = GithubFixtures.class.getResourceAsStream("/github/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GithubWebhookConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(GithubWebhookConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(GithubWebhookConfig.class);
    }

    static GithubEventMapper mapper() {
        return new GithubEventMapper(config(Map.of()));
    }

    static WebhookMapping map(String event, ObjectNode payload) {
        return mapper().map(event, DELIVERY, payload, RECEIVED);
    }

    static String ignoredReason(WebhookMapping mapping) {
        WebhookMapping.Ignored ignored = assertInstanceOf(WebhookMapping.Ignored.class, mapping);
        assertFalse(ignored.reason() == null || ignored.reason().isBlank(), "an Ignored must say why");
        return ignored.reason();
    }

    static WebhookDelivery delivery(WebhookMapping mapping) {
        return assertInstanceOf(WebhookMapping.Act.class, mapping, () -> "expected a job, got " + mapping).delivery();
    }

    static JobDraft onlyDraft(WebhookMapping mapping) {
        WebhookDelivery delivery = delivery(mapping);
        assertEquals(1, delivery.drafts().size());
        return delivery.drafts().get(0);
    }
}
