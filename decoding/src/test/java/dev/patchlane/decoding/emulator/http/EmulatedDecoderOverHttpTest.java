package dev.patchlane.decoding.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.FaultSettings;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.timing.Profiles;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real emulator behind the server: a prompt in no task format is echoed, at the profile's pace, one slot. */
class EmulatedDecoderOverHttpTest {

    private static final String PROMPT = "Refactor the widget renderer so that labels are never null. ".repeat(8);
    private static EmulatedDecoder fast;
    private static EmulatedDecoder slow;
    private static EmulatorServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        EmulatorSettings base = EmulatorSettings.fastLane().withFaults(FaultSettings.NONE, 1).withChunkInterval(Duration.ofMillis(5));
        fast = EmulatedDecoder.create(base.withOverride(new StreamTiming(Duration.ofMillis(20), 5_000)), List.of(), Profiles.builtIn());
        slow = EmulatedDecoder.create(base.withLane("slow").withCapacity(1, 1, 0).withOverride(new StreamTiming(Duration.ofMillis(10), 20)),
                List.of(), Profiles.builtIn());
        server = EmulatorServer.start(0, Map.of("fast", fast, "slow", slow), EmulatorServerOptions.defaults());
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        fast.close();
        slow.close();
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
    }

    @Test
    void theEmulatorStreamsItsAnswerTokenByTokenOverBothApis() {
        HttpResponse<String> response = client.post("/v1/chat/completions", chat("fast", true));
        assertEquals(200, response.statusCode());
        List<String> data = TestClient.data(response.body());
        StringBuilder text = new StringBuilder();
        for (String chunk : data.subList(0, data.size() - 2)) {
            text.append(TestClient.json(chunk).path("choices").get(0).path("delta").path("content").asText(""));
        }
        assertEquals(PROMPT, text.toString());
        assertTrue(data.size() > 5, "delivered in several chunks: " + data.size());
        JsonNode usage = TestClient.json(data.get(data.size() - 2)).path("usage");
        assertEquals(TokenCounter.count(PROMPT), usage.path("completion_tokens").asInt());
        assertEquals(TokenCounter.count(PROMPT) + TokenCounter.count("You are terse."), usage.path("prompt_tokens").asInt());

        JsonNode body = TestClient.json(client.post("/v1/responses",
                "{\"model\":\"fast\",\"input\":\"" + PROMPT + "\",\"max_output_tokens\":10}").body());
        assertEquals("incomplete", body.path("status").asText());
        assertEquals("max_output_tokens", body.path("incomplete_details").path("reason").asText());
        assertEquals(10, body.path("usage").path("output_tokens").asInt());
    }

    @Test
    void aFullDeviceAnswers429AndADisconnectFreesTheSlot() throws Exception {
        HttpRequest holder = client.request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(chat("slow", true))).build();
        HttpResponse<InputStream> held = client.client().send(holder, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, held.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(held.body(), StandardCharsets.UTF_8))) {
            assertTrue(reader.readLine().startsWith("data: "));
            HttpResponse<String> refused = client.post("/v1/chat/completions", chat("slow", false));
            assertEquals(429, refused.statusCode());
            assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            assertEquals("rate_limit_exceeded", TestClient.json(refused.body()).path("error").path("code").asText());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status;
        do {
            Thread.sleep(20);
            status = client.post("/v1/chat/completions",
                    "{\"model\":\"slow\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}").statusCode();
        } while (status == 429 && System.nanoTime() < deadline);
        assertEquals(200, status, "closing the first stream freed its slot");
    }

    @Test
    void aRequestOverTheContextWindowIs400() {
        HttpResponse<String> response = client.post("/v1/chat/completions",
                "{\"model\":\"fast\",\"max_tokens\":200000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(400, response.statusCode());
        assertEquals("context_length_exceeded", TestClient.json(response.body()).path("error").path("code").asText());
    }
}
