package dev.patchlane.decoding.emulator.http;

import static dev.patchlane.decoding.emulator.http.TestDecoders.chunk;
import static dev.patchlane.decoding.emulator.http.TestDecoders.emitting;
import static dev.patchlane.decoding.emulator.http.TestDecoders.finished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final String KEY = "sk-emulator-test-7f3a";
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static EmulatorServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(0, Map.of("m", emitting(chunk("ok"), finished("stop", 1, 1))),
                EmulatorServerOptions.defaults().withApiKey(KEY));
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> chat(String authorization) {
        HttpRequest.Builder request = client.request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(CHAT));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build());
    }

    @Test
    void aMissingKeyIs401InOpenAisShape() {
        HttpResponse<String> response = chat(null);
        assertEquals(401, response.statusCode());
        JsonNode error = TestClient.json(response.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.path("message").asText().startsWith("You didn't provide an API key"));
        assertEquals(401, chat("Basic " + KEY).statusCode());
        assertEquals(401, chat("Bearer ").statusCode());
        assertEquals(401, client.get("/v1/models").statusCode(), "the model list needs the key too");
    }

    @Test
    void aWrongKeyIs401WithInvalidApiKeyAndIsNeverEchoed() {
        HttpResponse<String> response = chat("Bearer sk-guess-1234");
        assertEquals(401, response.statusCode());
        assertEquals("invalid_api_key", TestClient.json(response.body()).path("error").path("code").asText());
        assertFalse(response.body().contains("sk-guess") || response.body().contains(KEY));
        assertEquals(401, chat("Bearer " + KEY + "x").statusCode());
        assertEquals(401, chat("Bearer " + KEY.substring(1)).statusCode());
    }

    @Test
    void theRightKeyPasses() {
        assertEquals(200, chat("Bearer " + KEY).statusCode());
        assertEquals(200, chat("bearer " + KEY).statusCode());
        assertEquals(200, client.send(client.request("/v1/models").header("Authorization", "Bearer " + KEY).build()).statusCode());
    }

    @Test
    void theOptionsNeverPrintTheKey() {
        assertFalse(EmulatorServerOptions.defaults().withApiKey(KEY).toString().contains(KEY));
    }
}
