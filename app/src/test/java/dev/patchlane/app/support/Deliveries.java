package dev.patchlane.app.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Json;
import dev.patchlane.ingest.github.WebhookSignature;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;

/** GitHub deliveries as GitHub sends them: a payload fixture, its event and delivery headers, and its signature. */
public final class Deliveries {

    private static final WebhookSignature SIGNATURE = new WebhookSignature(TestPipeline.WEBHOOK_SECRET);

    private Deliveries() {
    }

    public static ObjectNode fixture(String name) {
        try {
            return (ObjectNode) Json.mapper().readTree(Files.readAllBytes(GithubApiStub.FIXTURES.resolve(name + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String newDeliveryId() {
        return UUID.randomUUID().toString();
    }

    public static Response send(String event, String deliveryId, ObjectNode payload) {
        byte[] body = Json.write(payload);
        return send(event, deliveryId, "application/json", body, SIGNATURE.header(body));
    }

    public static Response send(String event, String deliveryId, String contentType, byte[] body, String signature) {
        var request = given().header("X-GitHub-Event", event).header("X-GitHub-Delivery", deliveryId)
                .header("User-Agent", "GitHub-Hookshot/test").contentType(contentType);
        // rest-assured encodes form bodies itself and only accepts them as text; the bytes are ASCII either way.
        request = contentType.startsWith("application/x-www-form-urlencoded") ? request.body(new String(body, StandardCharsets.US_ASCII))
                : request.body(body);
        if (signature != null) {
            request = request.header("X-Hub-Signature-256", signature);
        }
        return request.post("/webhooks/github");
    }

    public static String sign(byte[] body) {
        return SIGNATURE.header(body);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
