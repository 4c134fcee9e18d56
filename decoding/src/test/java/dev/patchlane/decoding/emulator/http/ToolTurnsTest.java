package dev.patchlane.decoding.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.ToolCall;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Earlier assistant function calls and the tool results answering them, read from both APIs' request bodies. */
class ToolTurnsTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String RESPONSES = "/v1/responses";
    private static final TestDecoders.Recording RECORDING = new TestDecoders.Recording();
    private static EmulatorServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(0, Map.of("recording", RECORDING), EmulatorServerOptions.defaults().withEventLoops(1));
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<ChatMessage> accepted(String path, String body) {
        HttpResponse<String> response = client.post(path, body);
        assertEquals(200, response.statusCode(), response.body());
        return RECORDING.last.get().messages();
    }

    /** The {@code param} of a 400 in OpenAI's error shape. */
    private static String refused(String path, String body) {
        HttpResponse<String> response = client.post(path, body);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestClient.json(response.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText(), response.body());
        assertTrue(error.path("message").asText().contains(error.path("param").asText()), response.body());
        return error.path("param").asText();
    }

    private static String chat(String messages) {
        return "{\"model\":\"recording\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}," + messages + "]}";
    }

    private static String responses(String items) {
        return "{\"model\":\"recording\",\"input\":[{\"role\":\"user\",\"content\":\"go\"}," + items + "]}";
    }

    private static final String CALL = "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}";

    @Test
    void chatAssistantToolCallsAndToolMessagesBecomeCallsAndResults() {
        List<ChatMessage> messages = accepted(CHAT, chat("""
                {"role": "assistant", "content": "Looking.", "tool_calls": [
                  {"id": "c1", "type": "function", "function": {"name": "read", "arguments": "{\\"p\\":1}"}},
                  {"id": "c2", "type": "function", "function": {"name": "test", "arguments": ""}}]},
                {"role": "tool", "tool_call_id": "c1", "content": "text"},
                {"role": "tool", "tool_call_id": "c2", "content": [{"type": "text", "text": "pa"}, {"type": "text", "text": "ss"}]},
                {"role": "assistant", "tool_calls": [%s]}""".formatted(CALL)));
        assertEquals(List.of(ChatMessage.user("go"),
                ChatMessage.assistant("Looking.", List.of(new ToolCall("c1", "read", "{\"p\":1}"), new ToolCall("c2", "test", ""))),
                ChatMessage.toolResult("c1", "text"), ChatMessage.toolResult("c2", "pass"),
                ChatMessage.assistant("", List.of(new ToolCall("c1", "f", "{}")))), messages);
    }

    @Test
    void responsesFunctionCallsJoinThePrecedingAssistantMessageOrOpenOne() {
        List<ChatMessage> messages = accepted(RESPONSES, responses("""
                {"type": "function_call", "call_id": "c0", "name": "first", "arguments": "{}"},
                {"type": "function_call_output", "call_id": "c0", "output": "zero"},
                {"role": "assistant", "content": "Two at once."},
                {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "read", "arguments": "{\\"p\\":1}", "status": "completed"},
                {"type": "function_call", "call_id": "c2", "name": "test", "arguments": "{}"},
                {"type": "function_call_output", "call_id": "c1", "output": "one"},
                {"type": "function_call_output", "call_id": "c2", "output": [{"type": "input_text", "text": "two"}]},
                {"role": "assistant", "content": "Done."},
                {"role": "user", "content": "thanks"}"""));
        assertEquals(List.of(ChatMessage.user("go"),
                ChatMessage.assistant("", List.of(new ToolCall("c0", "first", "{}"))),
                ChatMessage.toolResult("c0", "zero"),
                ChatMessage.assistant("Two at once.", List.of(new ToolCall("c1", "read", "{\"p\":1}"), new ToolCall("c2", "test", "{}"))),
                ChatMessage.toolResult("c1", "one"), ChatMessage.toolResult("c2", "two"),
                ChatMessage.assistant("Done.", List.of()), ChatMessage.user("thanks")), messages);
    }

    @Test
    void responsesCallsAfterAUserMessageOpenAnAssistantTurnRatherThanJoiningIt() {
        List<ChatMessage> messages = accepted(RESPONSES,
                "{\"model\":\"recording\",\"instructions\":\"Be brief.\",\"input\":["
                        + "{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"}]}");
        assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.assistant("", List.of(new ToolCall("c", "f", "{}")))), messages);
    }

    @Test
    void malformedChatToolTurnsAreRefusedWithTheFieldNamed() {
        assertEquals("messages[1].tool_call_id", refused(CHAT, chat("{\"role\":\"tool\",\"content\":\"x\"}")));
        assertEquals("messages[1].tool_call_id", refused(CHAT, chat("{\"role\":\"tool\",\"tool_call_id\":7,\"content\":\"x\"}")));
        assertEquals("messages[1].tool_calls", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":{}}")));
        assertEquals("messages[1].tool_calls", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":[]}")));
        assertEquals("messages[1].tool_calls", refused(CHAT, chat("{\"role\":\"user\",\"content\":\"x\",\"tool_calls\":[" + CALL + "]}")));
        assertEquals("messages[1].tool_calls[0]", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":[\"f\"]}")));
        assertEquals("messages[1].tool_calls[1].id", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":[" + CALL + ","
                + CALL.replace("\"id\":\"c1\",", "") + "]}")));
        assertEquals("messages[1].tool_calls[0].type", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":["
                + CALL.replace("\"type\":\"function\",", "") + "]}")));
        assertEquals("messages[1].tool_calls[0].type", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":["
                + CALL.replace("\"type\":\"function\"", "\"type\":\"custom\"") + "]}")));
        assertEquals("messages[1].tool_calls[0].function", refused(CHAT, chat(
                "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\"}]}")));
        assertEquals("messages[1].tool_calls[0].function", refused(CHAT, chat(
                "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":\"f\"}]}")));
        assertEquals("messages[1].tool_calls[0].function.name", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":["
                + CALL.replace("\"name\":\"f\",", "") + "]}")));
        assertEquals("messages[1].tool_calls[0].function.arguments", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":["
                + CALL.replace(",\"arguments\":\"{}\"", "") + "]}")));
        assertEquals("messages[1].tool_calls[0].function.arguments", refused(CHAT, chat("{\"role\":\"assistant\",\"tool_calls\":["
                + CALL.replace("\"arguments\":\"{}\"", "\"arguments\":{\"p\":1}") + "]}")));
    }

    @Test
    void malformedResponsesFunctionItemsAreRefusedWithTheFieldNamed() {
        assertEquals("input[1].call_id", refused(RESPONSES, responses("{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}")));
        assertEquals("input[1].call_id", refused(RESPONSES,
                responses("{\"type\":\"function_call\",\"call_id\":1,\"name\":\"f\",\"arguments\":\"{}\"}")));
        assertEquals("input[1].name", refused(RESPONSES, responses("{\"type\":\"function_call\",\"call_id\":\"c\",\"arguments\":\"{}\"}")));
        assertEquals("input[1].arguments", refused(RESPONSES, responses("{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\"}")));
        assertEquals("input[1].arguments", refused(RESPONSES,
                responses("{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":{\"p\":1}}")));
        assertEquals("input[1].call_id", refused(RESPONSES, responses("{\"type\":\"function_call_output\",\"output\":\"x\"}")));
        assertEquals("input[1].output", refused(RESPONSES, responses("{\"type\":\"function_call_output\",\"call_id\":\"c\"}")));
        assertEquals("input[1].output", refused(RESPONSES, responses("{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":3}")));
    }
}
