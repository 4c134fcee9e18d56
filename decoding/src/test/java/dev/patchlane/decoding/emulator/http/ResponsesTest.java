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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResponsesTest {

    private static final TestDecoders.Recording RECORDING = new TestDecoders.Recording();
    private static EmulatorServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(0, Map.of(
                "hello", emitting(chunk("Hel"), chunk("lo"), finished("stop", 5, 2)),
                "tools", emitting(chunk("Reading."), call("call_1", "read_file", "{\"path\":\"a.txt\"}"), finished("tool_calls", 9, 12)),
                "cut-short", emitting(chunk("Once upon"), finished("length", 3, 2)),
                "recording", RECORDING), EmulatorServerOptions.defaults());
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String body(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"input\":\"hi\"" + extra + "}";
    }

    private static List<TestClient.Event> stream(String model) {
        HttpResponse<String> response = client.post("/v1/responses", body(model, ",\"stream\":true"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertFalse(response.body().contains("[DONE]"), "the Responses API ends with its last event, not [DONE]");
        List<TestClient.Event> events = TestClient.events(response.body());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i).name(), events.get(i).type(), "the event: line names the data's type");
            assertEquals(i, events.get(i).data().path("sequence_number").asInt());
        }
        return events;
    }

    @Test
    void aTextStreamOpensAMessageDeltasItClosesItAndCompletes() {
        List<TestClient.Event> events = stream("hello");
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed"), events.stream().map(TestClient.Event::type).toList());
        JsonNode created = events.get(0).data().path("response");
        assertEquals("response", created.path("object").asText());
        assertEquals("in_progress", created.path("status").asText());
        assertTrue(created.path("id").asText().startsWith("resp_"));
        JsonNode item = events.get(2).data().path("item");
        assertEquals("message", item.path("type").asText());
        assertEquals("assistant", item.path("role").asText());
        String itemId = item.path("id").asText();
        assertEquals("Hel", events.get(4).data().path("delta").asText());
        assertEquals(itemId, events.get(4).data().path("item_id").asText());
        assertEquals(0, events.get(4).data().path("output_index").asInt());
        assertEquals(0, events.get(4).data().path("content_index").asInt());
        assertEquals("Hello", events.get(6).data().path("text").asText());
        assertEquals("Hello", events.get(8).data().path("item").path("content").get(0).path("text").asText());
        assertEquals("output_text", events.get(8).data().path("item").path("content").get(0).path("type").asText());
        JsonNode completed = events.get(9).data().path("response");
        assertEquals(created.path("id"), completed.path("id"));
        assertEquals("completed", completed.path("status").asText());
        assertEquals("Hello", completed.path("output").get(0).path("content").get(0).path("text").asText());
        assertEquals(5, completed.path("usage").path("input_tokens").asInt());
        assertEquals(2, completed.path("usage").path("output_tokens").asInt());
        assertEquals(7, completed.path("usage").path("total_tokens").asInt());
    }

    @Test
    void aFunctionCallStreamsAsItsOwnOutputItemWithCallIdNameAndArguments() {
        List<TestClient.Event> events = stream("tools");
        List<String> types = events.stream().map(TestClient.Event::type).toList();
        int added = types.lastIndexOf("response.output_item.added");
        assertEquals(List.of("response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed"),
                types.subList(added, types.size()));
        JsonNode item = events.get(added).data().path("item");
        assertEquals("function_call", item.path("type").asText());
        assertEquals("call_1", item.path("call_id").asText());
        assertEquals("read_file", item.path("name").asText());
        assertEquals(1, events.get(added).data().path("output_index").asInt(), "after the message at index 0");
        assertEquals("{\"path\":\"a.txt\"}", events.get(added + 1).data().path("delta").asText());
        JsonNode done = events.get(added + 2).data();
        assertEquals("read_file", done.path("name").asText());
        assertEquals("{\"path\":\"a.txt\"}", done.path("arguments").asText());
        assertEquals(item.path("id"), done.path("item_id"));
        JsonNode output = events.get(events.size() - 1).data().path("response").path("output");
        assertEquals(2, output.size());
        assertEquals("function_call", output.get(1).path("type").asText());
        assertEquals("{\"path\":\"a.txt\"}", output.get(1).path("arguments").asText());
    }

    @Test
    void aLengthFinishEndsAsIncompleteForMaxOutputTokens() {
        List<TestClient.Event> events = stream("cut-short");
        TestClient.Event last = events.get(events.size() - 1);
        assertEquals("response.incomplete", last.type());
        assertEquals("incomplete", last.data().path("response").path("status").asText());
        assertEquals("max_output_tokens", last.data().path("response").path("incomplete_details").path("reason").asText());
        assertEquals("incomplete", last.data().path("response").path("output").get(0).path("status").asText());

        JsonNode body = TestClient.json(client.post("/v1/responses", body("cut-short", "")).body());
        assertEquals("incomplete", body.path("status").asText());
        assertEquals("max_output_tokens", body.path("incomplete_details").path("reason").asText());
    }

    @Test
    void aNonStreamingResponseHasItsOutputItemsAndUsage() {
        HttpResponse<String> response = client.post("/v1/responses", body("tools", ",\"max_output_tokens\":300"));
        assertEquals(200, response.statusCode());
        JsonNode body = TestClient.json(response.body());
        assertEquals("response", body.path("object").asText());
        assertEquals("completed", body.path("status").asText());
        assertTrue(body.path("incomplete_details").isNull());
        assertEquals(300, body.path("max_output_tokens").asInt());
        assertEquals("tools", body.path("model").asText());
        JsonNode message = body.path("output").get(0);
        assertEquals("message", message.path("type").asText());
        assertEquals("completed", message.path("status").asText());
        assertEquals("Reading.", message.path("content").get(0).path("text").asText());
        JsonNode call = body.path("output").get(1);
        assertEquals("function_call", call.path("type").asText());
        assertEquals("call_1", call.path("call_id").asText());
        assertEquals("read_file", call.path("name").asText());
        assertEquals(9, body.path("usage").path("input_tokens").asInt());
        assertEquals(12, body.path("usage").path("output_tokens").asInt());
        assertEquals(21, body.path("usage").path("total_tokens").asInt());
    }

    @Test
    void instructionsInputFormatAndToolsReachTheDecoder() {
        String request = """
                {"model": "recording", "instructions": "Answer in JSON.",
                 "input": [
                   {"role": "user", "content": "first"},
                   {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "ok"}]},
                   {"type": "function_call", "call_id": "c1", "name": "read_file", "arguments": "{\\"path\\":\\"a\\"}"},
                   {"type": "function_call_output", "call_id": "c1", "output": "contents"},
                   {"role": "user", "content": [{"type": "input_text", "text": "now "}, {"type": "input_text", "text": "fix"}]}],
                 "max_output_tokens": 64,
                 "text": {"format": {"type": "json_schema", "name": "answer", "strict": true,
                   "schema": {"type": "object", "properties": {"diff": {"type": "string"}}}}},
                 "tools": [{"type": "function", "name": "read_file", "description": "Reads", "parameters": {"type": "object"}, "strict": true}]}
                """;
        HttpResponse<String> response = client.post("/v1/responses", request);
        assertEquals(200, response.statusCode(), response.body());
        DecodeRequest decoded = RECORDING.last.get();
        assertEquals(List.of(ChatMessage.system("Answer in JSON."), ChatMessage.user("first"), ChatMessage.assistant("ok", List.of(new ToolCall("c1", "read_file", "{\"path\":\"a\"}"))),
                ChatMessage.toolResult("c1", "contents"), ChatMessage.user("now fix")),
                decoded.messages());
        assertEquals(64, decoded.maxOutputTokens());
        assertEquals(TestClient.json("{\"type\":\"object\",\"properties\":{\"diff\":{\"type\":\"string\"}}}"), decoded.outputSchema());
        assertEquals(List.of(new ToolSpec("read_file", "Reads", TestClient.json("{\"type\":\"object\"}"))), decoded.tools());
        JsonNode body = TestClient.json(response.body());
        assertEquals("Answer in JSON.", body.path("instructions").asText());
        assertEquals("json_schema", body.path("text").path("format").path("type").asText());
        assertEquals("read_file", body.path("tools").get(0).path("name").asText());

        client.post("/v1/responses", body("recording", ""));
        assertEquals(List.of(ChatMessage.user("hi")), RECORDING.last.get().messages());
        assertEquals(null, RECORDING.last.get().outputSchema());
    }
}
