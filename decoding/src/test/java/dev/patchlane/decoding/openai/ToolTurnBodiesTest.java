package dev.patchlane.decoding.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request bodies of an agent's later turns: earlier assistant calls and the tool results that answer them. */
class ToolTurnBodiesTest {

    static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You fix code."),
            ChatMessage.user("Fix the off-by-one in a.py."),
            ChatMessage.assistant("Let me look first.", List.of(
                    new ToolCall("call_read", "read_file", "{\"path\":\"a.py\"}"),
                    new ToolCall("call_test", "run_tests", "{}"))),
            ChatMessage.toolResult("call_read", "for i in range(1, n):\n    print(i)"),
            ChatMessage.toolResult("call_test", "1 failed"),
            ChatMessage.assistant("", List.of(new ToolCall("call_again", "run_tests", "{\"only\":\"test_a\"}"))),
            ChatMessage.toolResult("call_again", "ok"));

    private static final DecodeRequest REQUEST = new DecodeRequest(CONVERSATION, 256, null);

    private static Failures failures() {
        return new Failures("stub-model", new SafeText(null));
    }

    /** The body as it goes on the wire: written with the project's mapper, read back. */
    private static JsonNode sent(WireFormat format) {
        return Wire.parse(new String(Json.write(format.body(REQUEST)), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void chatCompletionsSendsAssistantToolCallsAndToolMessages() {
        WireFormat chat = new ChatCompletionsFormat(OpenAiEndpoint.of("http://127.0.0.1:9/v1", "stub-model", OpenAiApi.CHAT), failures());
        JsonNode body = sent(chat);
        assertEquals(Wire.parse("""
                [{"role": "system", "content": "You fix code."},
                 {"role": "user", "content": "Fix the off-by-one in a.py."},
                 {"role": "assistant", "content": "Let me look first.", "tool_calls": [
                   {"id": "call_read", "type": "function", "function": {"name": "read_file", "arguments": "{\\"path\\":\\"a.py\\"}"}},
                   {"id": "call_test", "type": "function", "function": {"name": "run_tests", "arguments": "{}"}}]},
                 {"role": "tool", "tool_call_id": "call_read", "content": "for i in range(1, n):\\n    print(i)"},
                 {"role": "tool", "tool_call_id": "call_test", "content": "1 failed"},
                 {"role": "assistant", "content": null, "tool_calls": [
                   {"id": "call_again", "type": "function", "function": {"name": "run_tests", "arguments": "{\\"only\\":\\"test_a\\"}"}}]},
                 {"role": "tool", "tool_call_id": "call_again", "content": "ok"}]
                """), body.get("messages"));
        assertTrue(body.get("messages").get(5).get("content").isNull(), "an assistant turn of calls only says content: null");
        assertTrue(body.get("messages").get(2).get("tool_calls").get(0).get("function").get("arguments").isTextual(),
                "arguments travel as JSON text, not as an object");
    }

    @Test
    void responsesSendsFunctionCallItemsAndTheirOutputsBackInInput() {
        WireFormat responses = new ResponsesFormat(OpenAiEndpoint.of("http://127.0.0.1:9/v1", "stub-model", OpenAiApi.RESPONSES), failures());
        JsonNode body = sent(responses);
        assertEquals(Wire.parse("""
                [{"role": "system", "content": "You fix code."},
                 {"role": "user", "content": "Fix the off-by-one in a.py."},
                 {"role": "assistant", "content": "Let me look first."},
                 {"type": "function_call", "call_id": "call_read", "name": "read_file", "arguments": "{\\"path\\":\\"a.py\\"}"},
                 {"type": "function_call", "call_id": "call_test", "name": "run_tests", "arguments": "{}"},
                 {"type": "function_call_output", "call_id": "call_read", "output": "for i in range(1, n):\\n    print(i)"},
                 {"type": "function_call_output", "call_id": "call_test", "output": "1 failed"},
                 {"type": "function_call", "call_id": "call_again", "name": "run_tests", "arguments": "{\\"only\\":\\"test_a\\"}"},
                 {"type": "function_call_output", "call_id": "call_again", "output": "ok"}]
                """), body.get("input"));
        assertEquals(false, body.get("store").asBoolean(true), "nothing is stored, which is why earlier calls go back in input");
    }
}
