package dev.patchlane.decoding.openai;

import static dev.patchlane.decoding.openai.StubServer.Replies.json;
import static dev.patchlane.decoding.openai.StubServer.Replies.stream;
import static dev.patchlane.decoding.openai.StubServer.Replies.streamThenBreak;
import static dev.patchlane.decoding.openai.Wire.chatReply;
import static dev.patchlane.decoding.openai.Wire.content;
import static dev.patchlane.decoding.openai.Wire.data;
import static dev.patchlane.decoding.openai.Wire.done;
import static dev.patchlane.decoding.openai.Wire.finish;
import static dev.patchlane.decoding.openai.Wire.role;
import static dev.patchlane.decoding.openai.Wire.toolCall;
import static dev.patchlane.decoding.openai.Wire.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.DecoderInfo;
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

class ChatCompletionsTest {

    private static final String KEY = "sk-stub-chat-5f1e2d3c4b5a";

    private final StubServer server = StubServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void streamsTheContentAndTheUsageTheServerReports() {
        server.then(stream(chatReply(12, "Hello", " world")));

        List<DecodeEvent> events = Streams.events(decoder(endpoint()), Streams.request());

        assertEquals(List.of(
                new DecodeEvent.Chunk("Hello", TokenCounter.count("Hello")),
                new DecodeEvent.Chunk(" world", TokenCounter.count(" world")),
                new DecodeEvent.Finished(new Usage(12, 2), "stop", "model")), events);
        StubServer.Received received = server.received().get(0);
        assertEquals("/v1/chat/completions", received.path());
        assertEquals("Bearer " + KEY, received.authorization());
        assertEquals(Wire.parse("""
                {"model": "stub-model",
                 "messages": [{"role": "system", "content": "You fix code."},
                              {"role": "user", "content": "Fix the off-by-one in a.py."}],
                 "max_completion_tokens": 256,
                 "stream": true,
                 "stream_options": {"include_usage": true}}
                """), received.body());
    }

    @Test
    void assemblesToolCallsSplitAcrossChunksAndEmitsThemAtTheFinish() {
        server.then(stream(role(),
                toolCall(0, "call_a", "read_file", "{\"pa"),
                toolCall(1, "call_b", "run_tests", ""),
                toolCall(0, null, null, "th\": \"a.py\"}"),
                toolCall(1, null, null, "{}"),
                finish("tool_calls"),
                usage(30, 17),
                done()));
        JsonNode parameters = Wire.parse("{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}, \"required\": [\"path\"]}");
        DecodeRequest request = new DecodeRequest(Streams.request().messages(), 256, null,
                List.of(new ToolSpec("read_file", "Reads a file of the repository", parameters),
                        new ToolSpec("run_tests", "Runs the test suite", Wire.parse("{\"type\": \"object\"}"))));

        List<DecodeEvent> events = Streams.events(decoder(endpoint()), request);

        assertEquals(List.of(
                new DecodeEvent.ToolCalled(new ToolCall("call_a", "read_file", "{\"path\": \"a.py\"}")),
                new DecodeEvent.ToolCalled(new ToolCall("call_b", "run_tests", "{}")),
                new DecodeEvent.Finished(new Usage(30, 17), "tool_calls", "model")), events);
        assertEquals(Wire.parse("""
                [{"type": "function", "function": {"name": "read_file", "description": "Reads a file of the repository",
                   "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}},
                 {"type": "function", "function": {"name": "run_tests", "description": "Runs the test suite",
                   "parameters": {"type": "object"}}}]
                """), server.received().get(0).body().get("tools"));
    }

    @Test
    void asksForStrictJsonSchemaOutputWhenTheRequestHasASchema() {
        server.then(stream(chatReply(20, "{\"done\": true}")));
        JsonNode schema = Wire.parse("""
                {"title": "patch_answer", "type": "object", "additionalProperties": false,
                 "properties": {"done": {"type": "boolean"}}, "required": ["done"]}
                """);

        Streams.events(decoder(endpoint()), new DecodeRequest(Streams.request().messages(), 64, schema));

        JsonNode body = server.received().get(0).body();
        assertEquals(Wire.parse("{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"patch_answer\", \"strict\": true, \"schema\": "
                + schema + "}}"), body.get("response_format"));
        assertEquals(64, body.get("max_completion_tokens").asInt());
    }

    @Test
    void sendsMaxTokensToServersThatNeedItAndNoAuthorizationWithoutAKey() {
        server.then(stream(chatReply(5, "ok")));
        OpenAiEndpoint local = endpoint().withMaxTokensField(OpenAiEndpoint.MAX_TOKENS);

        Streams.events(new OpenAiDecoder(local, name -> null), Streams.request());

        JsonNode body = server.received().get(0).body();
        assertEquals(256, body.get("max_tokens").asInt());
        assertFalse(body.has("max_completion_tokens"));
        assertNull(server.received().get(0).authorization());
    }

    @Test
    void countsTheTokensItselfWhenTheServerSendsNoUsageAndNoDone() {
        server.then(stream(role(), content("Hello"), content(" world"), finish("stop")));
        DecodeRequest request = Streams.request();

        List<DecodeEvent> events = Streams.events(decoder(endpoint()), request);

        assertEquals(new DecodeEvent.Finished(new Usage(request.promptTokens(), TokenCounter.count("Hello world")), "stop", "model"),
                events.get(events.size() - 1));
    }

    @Test
    void aBodyThatEndsBeforeTheFinishIsAStreamCut() {
        server.then(stream(role(), content("Hel")));

        var subscriber = Streams.subscribe(decoder(endpoint()), Streams.request());
        DecoderException failure = Streams.failureOf(subscriber);

        assertEquals(Failure.STREAM_CUT, failure.failure());
        assertEquals("Hel", Streams.text(subscriber.getItems()));
    }

    @Test
    void aConnectionThatBreaksMidReplyIsAStreamCut() {
        server.then(streamThenBreak(role(), content("Hel")));

        assertEquals(Failure.STREAM_CUT, Streams.failure(decoder(endpoint()), Streams.request()).failure());
    }

    @Test
    void anUnparseableEventIsAProtocolFailure() {
        server.then(stream(role(), data("{\"choices\": [{\"delta\": {\"content\": \"x\""), done()));

        DecoderException failure = Streams.failure(decoder(endpoint()), Streams.request());

        assertEquals(Failure.PROTOCOL, failure.failure());
        assertFalse(failure.retryable());
    }

    @Test
    void aJsonReplyToAStreamRequestIsAProtocolFailure() {
        server.then(json(200, "{\"choices\": [{\"message\": {\"content\": \"hi\"}}]}"));

        assertEquals(Failure.PROTOCOL, Streams.failure(decoder(endpoint()), Streams.request()).failure());
    }

    @Test
    void anErrorInsideTheStreamKeepsTheProvidersMessage() {
        server.then(stream(role(), data("{\"error\": {\"message\": \"The server is overloaded\", \"type\": \"server_error\", \"param\": null, \"code\": null}}")));

        DecoderException failure = Streams.failure(decoder(endpoint()), Streams.request());

        assertEquals(Failure.SERVER_ERROR, failure.failure());
        assertTrue(failure.getMessage().contains("The server is overloaded"), failure.getMessage());
    }

    @Test
    void refusesAPromptThatCannotFitWithoutCallingTheServer() {
        DecodeRequest request = Streams.request();
        OpenAiEndpoint small = endpoint().withContextWindow(request.promptTokens() + request.maxOutputTokens() - 1);

        DecoderException failure = Streams.failure(decoder(small), request);

        assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, failure.failure());
        assertEquals(0, server.requests());
    }

    @Test
    void aPromptThatExactlyFitsIsSent() {
        server.then(stream(chatReply(1, "ok")));
        DecodeRequest request = Streams.request();

        Streams.events(decoder(endpoint().withContextWindow(request.promptTokens() + request.maxOutputTokens())), request);

        assertEquals(1, server.requests());
    }

    @Test
    void describesItselfAndPricesUsage() {
        OpenAiEndpoint priced = endpoint().withPrices(2.5, 10);

        assertEquals(new DecoderInfo("openai", "stub-model", false, "model", server.baseUrl(), null), decoder(priced).describe());
        assertEquals(2.5 + 5.0, priced.costUsd(new Usage(1_000_000, 500_000)), 1e-9);
        assertEquals(server.baseUrl() + "/responses",
                OpenAiEndpoint.of(server.baseUrl() + "/", "m", OpenAiApi.RESPONSES).requestUri().toString());
    }

    @Test
    void aDataEventOverSeveralLinesIsJoined() {
        String chunk = Wire.content("one").substring("data: ".length()).strip();
        int split = chunk.indexOf(',');
        server.then(stream(role(), "data: " + chunk.substring(0, split + 1) + "\ndata: " + chunk.substring(split + 1) + "\n\n", finish("stop"), done()));

        assertEquals("one", Streams.text(Streams.events(decoder(endpoint()), Streams.request())));
    }

    private OpenAiEndpoint endpoint() {
        return OpenAiEndpoint.of(server.baseUrl(), "stub-model", OpenAiApi.CHAT)
                .withApiKeyEnv("STUB_KEY")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static OpenAiDecoder decoder(OpenAiEndpoint endpoint) {
        return new OpenAiDecoder(endpoint, Map.of("STUB_KEY", KEY)::get);
    }
}
