package dev.patchlane.decoding.emulator.http;

import static dev.patchlane.decoding.emulator.http.TestDecoders.call;
import static dev.patchlane.decoding.emulator.http.TestDecoders.chunk;
import static dev.patchlane.decoding.emulator.http.TestDecoders.emitting;
import static dev.patchlane.decoding.emulator.http.TestDecoders.finished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.ToolCall;
import dev.patchlane.decoding.ToolSpec;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

    private static final TestDecoders.Recording RECORDING = new TestDecoders.Recording();
    private static EmulatorServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(0, Map.of(
                "hello", emitting(chunk("Hel"), chunk("lo, "), chunk("wörld 🌍"), finished("stop", 5, 3)),
                "tools", emitting(chunk("Let me look."), call("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        call("call_2", "get_time", "{}"), finished("tool_calls", 9, 12)),
                "only-tools", emitting(call("call_9", "lookup", "{\"q\":1}"), finished("tool_calls", 4, 6)),
                "recording", RECORDING), EmulatorServerOptions.defaults().withEventLoops(2));
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String body(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
    }

    @Test
    void aNonStreamingCompletionCarriesTheTextFinishReasonAndUsage() {
        HttpResponse<String> response = client.post("/v1/chat/completions", body("hello", ""));
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode completion = TestClient.json(response.body());
        assertEquals("chat.completion", completion.path("object").asText());
        assertTrue(completion.path("id").asText().startsWith("chatcmpl-"));
        assertEquals("hello", completion.path("model").asText());
        assertTrue(completion.path("created").asLong() > 1_700_000_000L);
        JsonNode choice = completion.path("choices").get(0);
        assertEquals(0, choice.path("index").asInt());
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertEquals("Hello, wörld 🌍", choice.path("message").path("content").asText());
        assertFalse(choice.path("message").has("tool_calls"));
        assertEquals("stop", choice.path("finish_reason").asText());
        assertEquals(5, completion.path("usage").path("prompt_tokens").asInt());
        assertEquals(3, completion.path("usage").path("completion_tokens").asInt());
        assertEquals(8, completion.path("usage").path("total_tokens").asInt());
    }

    @Test
    void aStreamSendsARoleChunkTheDeltasAFinishChunkThenDone() {
        HttpResponse<String> response = client.post("/v1/chat/completions", body("hello", ",\"stream\":true"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        List<String> data = TestClient.data(response.body());
        assertEquals("[DONE]", data.get(data.size() - 1));
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(TestClient::json).toList();
        String id = chunks.get(0).path("id").asText();
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertEquals(id, chunk.path("id").asText(), "every chunk has the completion's id");
            assertEquals("hello", chunk.path("model").asText());
            assertFalse(chunk.has("usage"), "no usage unless asked for");
            text.append(chunk.path("choices").get(0).path("delta").path("content").asText(""));
        }
        assertEquals("assistant", chunks.get(0).path("choices").get(0).path("delta").path("role").asText());
        assertEquals("Hello, wörld 🌍", text.toString());
        JsonNode last = chunks.get(chunks.size() - 1).path("choices").get(0);
        assertEquals("stop", last.path("finish_reason").asText());
        assertTrue(last.path("delta").isEmpty());
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(chunk.path("choices").get(0).path("finish_reason").isNull());
        }
    }

    @Test
    void includeUsageAddsAUsageChunkWithNoChoicesBeforeDone() {
        HttpResponse<String> response = client.post("/v1/chat/completions",
                body("hello", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        List<String> data = TestClient.data(response.body());
        assertEquals("[DONE]", data.get(data.size() - 1));
        JsonNode usageChunk = TestClient.json(data.get(data.size() - 2));
        assertTrue(usageChunk.path("choices").isArray() && usageChunk.path("choices").isEmpty());
        assertEquals(5, usageChunk.path("usage").path("prompt_tokens").asInt());
        assertEquals(3, usageChunk.path("usage").path("completion_tokens").asInt());
        assertEquals(8, usageChunk.path("usage").path("total_tokens").asInt());
        for (String chunk : data.subList(0, data.size() - 2)) {
            JsonNode node = TestClient.json(chunk);
            assertTrue(node.has("usage") && node.get("usage").isNull(), "the other chunks carry usage: null");
        }
    }

    @Test
    void toolCallsStreamWithIndexIdTypeNameAndArguments() {
        HttpResponse<String> response = client.post("/v1/chat/completions", body("tools", ",\"stream\":true"));
        List<String> data = TestClient.data(response.body());
        List<JsonNode> calls = data.subList(0, data.size() - 1).stream().map(TestClient::json)
                .map(chunk -> chunk.path("choices").get(0).path("delta").path("tool_calls"))
                .filter(JsonNode::isArray).map(toolCalls -> toolCalls.get(0)).toList();
        assertEquals(2, calls.size());
        assertEquals(0, calls.get(0).path("index").asInt());
        assertEquals("call_1", calls.get(0).path("id").asText());
        assertEquals("function", calls.get(0).path("type").asText());
        assertEquals("get_weather", calls.get(0).path("function").path("name").asText());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).path("function").path("arguments").asText());
        assertEquals(1, calls.get(1).path("index").asInt());
        assertEquals("get_time", calls.get(1).path("function").path("name").asText());
        JsonNode last = TestClient.json(data.get(data.size() - 2));
        assertEquals("tool_calls", last.path("choices").get(0).path("finish_reason").asText());
    }

    @Test
    void aNonStreamingCompletionListsItsToolCalls() {
        JsonNode message = TestClient.json(client.post("/v1/chat/completions", body("tools", "")).body())
                .path("choices").get(0).path("message");
        assertEquals("Let me look.", message.path("content").asText());
        assertEquals(2, message.path("tool_calls").size());
        JsonNode first = message.path("tool_calls").get(0);
        assertEquals("call_1", first.path("id").asText());
        assertEquals("function", first.path("type").asText());
        assertEquals("get_weather", first.path("function").path("name").asText());
        assertEquals("{\"city\":\"Paris\"}", first.path("function").path("arguments").asText());

        JsonNode onlyTools = TestClient.json(client.post("/v1/chat/completions", body("only-tools", "")).body()).path("choices").get(0);
        assertTrue(onlyTools.path("message").path("content").isNull(), "a reply of tool calls only has content null");
        assertEquals("tool_calls", onlyTools.path("finish_reason").asText());
    }

    @Test
    void messagesLimitsSchemaAndToolsReachTheDecoder() {
        String request = """
                {"model": "recording",
                 "messages": [
                   {"role": "system", "content": "Be terse."},
                   {"role": "user", "content": [{"type": "text", "text": "Fix "}, {"type": "text", "text": "it"}]},
                   {"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                   {"role": "tool", "tool_call_id": "c", "content": "done"},
                   {"role": "user", "content": "and now?"}],
                 "max_completion_tokens": 77, "max_tokens": 5,
                 "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
                   "schema": {"type": "object", "properties": {"diff": {"type": "string"}}, "required": ["diff"]}}},
                 "tools": [{"type": "function", "function": {"name": "read_file", "description": "Reads a file",
                   "parameters": {"type": "object", "properties": {"path": {"type": "string"}}}}}]}
                """;
        assertEquals(200, client.post("/v1/chat/completions", request).statusCode());
        DecodeRequest decoded = RECORDING.last.get();
        assertEquals(List.of(ChatMessage.system("Be terse."), ChatMessage.user("Fix it"), ChatMessage.assistant("", List.of(new ToolCall("c", "f", "{}"))),
                ChatMessage.toolResult("c", "done"), ChatMessage.user("and now?")), decoded.messages());
        assertEquals(77, decoded.maxOutputTokens(), "max_completion_tokens wins over the deprecated max_tokens");
        assertEquals(TestClient.json("{\"type\":\"object\",\"properties\":{\"diff\":{\"type\":\"string\"}},\"required\":[\"diff\"]}"),
                decoded.outputSchema());
        assertEquals(List.of(new ToolSpec("read_file", "Reads a file",
                TestClient.json("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"))), decoded.tools());

        client.post("/v1/chat/completions", body("recording", ",\"max_tokens\":12,\"response_format\":{\"type\":\"text\"}"));
        assertEquals(12, RECORDING.last.get().maxOutputTokens());
        assertEquals(null, RECORDING.last.get().outputSchema());
        client.post("/v1/chat/completions", body("recording", ""));
        assertEquals(EmulatorServerOptions.defaults().defaultMaxOutputTokens(), RECORDING.last.get().maxOutputTokens());
        assertTrue(RECORDING.last.get().tools().isEmpty());
    }

    @Test
    void modelsAreListedInOpenAisListShape() {
        HttpResponse<String> response = client.get("/v1/models");
        assertEquals(200, response.statusCode());
        JsonNode list = TestClient.json(response.body());
        assertEquals("list", list.path("object").asText());
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(model -> {
            assertEquals("model", model.path("object").asText());
            assertTrue(model.has("created") && model.has("owned_by"));
            ids.add(model.path("id").asText());
        });
        assertEquals(Set.of("hello", "tools", "only-tools", "recording"), Set.copyOf(ids));
    }
}
