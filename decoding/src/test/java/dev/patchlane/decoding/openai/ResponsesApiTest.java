package dev.patchlane.decoding.openai;

import static dev.patchlane.decoding.openai.StubServer.Replies.stream;
import static dev.patchlane.decoding.openai.Wire.event;
import static dev.patchlane.decoding.openai.Wire.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.ToolCall;
import dev.patchlane.decoding.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponsesApiTest {

    private static final String KEY = "sk-stub-responses-13579";

    private final StubServer server = StubServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void streamsTextDeltasAFunctionCallAndTheCompletedUsage() {
        server.then(stream(
                event("response.created", object().put("sequence_number", 0).set("response", response("in_progress"))),
                event("response.output_item.added", object().put("sequence_number", 1).put("output_index", 0)
                        .set("item", object().put("id", "msg_1").put("type", "message").put("status", "in_progress").put("role", "assistant"))),
                event("response.output_text.delta", textDelta(2, "Looking ")),
                event("response.output_text.delta", textDelta(3, "at a.py")),
                event("response.output_item.added", object().put("sequence_number", 4).put("output_index", 1)
                        .set("item", functionCall("in_progress", ""))),
                event("response.function_call_arguments.delta", argumentsDelta(5, "{\"path\":")),
                event("response.function_call_arguments.delta", argumentsDelta(6, " \"a.py\"}")),
                event("response.function_call_arguments.done", object().put("sequence_number", 7).put("item_id", "fc_1").put("output_index", 1)
                        .put("name", "read_file").put("arguments", "{\"path\": \"a.py\"}")),
                event("response.output_item.done", object().put("sequence_number", 8).put("output_index", 1)
                        .set("item", functionCall("completed", "{\"path\": \"a.py\"}"))),
                event("response.completed", object().put("sequence_number", 9).set("response", response("completed")
                        .set("usage", object().put("input_tokens", 41).put("output_tokens", 19).put("total_tokens", 60))))));
        JsonNode schema = Wire.parse("{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}}");
        DecodeRequest request = new DecodeRequest(Streams.request().messages(), 300, schema,
                List.of(new ToolSpec("read_file", "Reads a file", schema)));

        List<DecodeEvent> events = Streams.events(decoder(), request);

        assertEquals(List.of(
                new DecodeEvent.Chunk("Looking ", TokenCounter.count("Looking ")),
                new DecodeEvent.Chunk("at a.py", TokenCounter.count("at a.py")),
                new DecodeEvent.ToolCalled(new ToolCall("call_9", "read_file", "{\"path\": \"a.py\"}")),
                new DecodeEvent.Finished(new Usage(41, 19), "tool_calls", "model")), events);
        StubServer.Received received = server.received().get(0);
        assertEquals("/v1/responses", received.path());
        assertEquals("Bearer " + KEY, received.authorization());
        assertEquals(Wire.parse("""
                {"model": "stub-model",
                 "input": [{"role": "system", "content": "You fix code."},
                           {"role": "user", "content": "Fix the off-by-one in a.py."}],
                 "max_output_tokens": 300,
                 "stream": true,
                 "store": false,
                 "text": {"format": {"type": "json_schema", "name": "answer", "strict": true, "schema": %s}},
                 "tools": [{"type": "function", "name": "read_file", "description": "Reads a file", "parameters": %s}]}
                """.formatted(schema, schema)), received.body());
    }

    @Test
    void anIncompleteResponseAtTheOutputLimitFinishesWithLength() {
        ObjectNode incomplete = response("incomplete");
        incomplete.putObject("incomplete_details").put("reason", "max_output_tokens");
        incomplete.set("usage", object().put("input_tokens", 10).put("output_tokens", 256));
        server.then(stream(event("response.output_text.delta", textDelta(1, "partial")),
                event("response.incomplete", object().put("sequence_number", 2).set("response", incomplete))));

        List<DecodeEvent> events = Streams.events(decoder(), Streams.request());

        assertEquals(new DecodeEvent.Finished(new Usage(10, 256), "length", "model"), events.get(events.size() - 1));
    }

    @Test
    void aFailedResponseIsAServerError() {
        ObjectNode failed = response("failed");
        failed.putObject("error").put("code", "server_error").put("message", "The model failed to generate a response.");
        server.then(stream(event("response.failed", object().put("sequence_number", 1).set("response", failed))));

        DecoderException failure = Streams.failure(decoder(), Streams.request());

        assertEquals(Failure.SERVER_ERROR, failure.failure());
        assertTrue(failure.getMessage().contains("The model failed to generate a response."), failure.getMessage());
    }

    @Test
    void anErrorEventKeepsItsCode() {
        server.then(stream(event("error", object().put("sequence_number", 1).put("code", "rate_limit_exceeded")
                .put("message", "Rate limit reached").putNull("param"))));

        assertEquals(Failure.RATE_LIMITED, Streams.failure(decoder(), Streams.request()).failure());
    }

    @Test
    void aStreamWithoutResponseCompletedIsCut() {
        server.then(stream(event("response.output_text.delta", textDelta(1, "half"))));

        assertEquals(Failure.STREAM_CUT, Streams.failure(decoder(), Streams.request()).failure());
    }

    private OpenAiDecoder decoder() {
        OpenAiEndpoint endpoint = OpenAiEndpoint.of(server.baseUrl(), "stub-model", OpenAiApi.RESPONSES)
                .withApiKeyEnv("STUB_KEY")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new OpenAiDecoder(endpoint, Map.of("STUB_KEY", KEY)::get);
    }

    private static ObjectNode response(String status) {
        ObjectNode response = object().put("id", "resp_1").put("object", "response").put("created_at", 1_700_000_000)
                .put("status", status).put("model", "stub-model");
        response.putArray("output");
        response.putNull("usage");
        return response;
    }

    private static ObjectNode textDelta(int sequence, String delta) {
        return object().put("sequence_number", sequence).put("item_id", "msg_1").put("output_index", 0).put("content_index", 0)
                .put("delta", delta);
    }

    private static ObjectNode argumentsDelta(int sequence, String delta) {
        return object().put("sequence_number", sequence).put("item_id", "fc_1").put("output_index", 1).put("delta", delta);
    }

    private static ObjectNode functionCall(String status, String arguments) {
        return object().put("id", "fc_1").put("type", "function_call").put("status", status).put("call_id", "call_9")
                .put("name", "read_file").put("arguments", arguments);
    }
}
