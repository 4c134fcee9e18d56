package dev.patchlane.decoding.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostileInputTest {

    private static final int MAX_BODY = 16 * 1024;
    private static final String CHAT = "/v1/chat/completions";
    private static final TestDecoders.Recording ECHO = new TestDecoders.Recording();
    private static EmulatorServer server;
    private static TestClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(0, Map.of("echo", ECHO), EmulatorServerOptions.defaults().withMaxBodyBytes(MAX_BODY));
        client = new TestClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode rejected(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode error = TestClient.json(response.body()).path("error");
        assertTrue(error.path("message").isTextual() && error.has("type") && error.has("param") && error.has("code"), response.body());
        return error;
    }

    private static String chat(String extra) {
        return "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
    }

    @Test
    void malformedJsonIsA400ThatNamesTheProblem() {
        JsonNode error = rejected(client.post(CHAT, "{\"model\": \"echo\", \"messages\": [}"), 400);
        assertTrue(error.path("message").asText().contains("We could not parse the JSON body"), error.toString());
        assertTrue(error.path("message").asText().contains("line 1, column"), error.toString());
        assertEquals("invalid_request_error", error.path("type").asText());
        JsonNode empty = rejected(client.post(CHAT, ""), 400);
        assertTrue(empty.path("message").asText().contains("empty"), empty.toString());
        assertTrue(rejected(client.post(CHAT, chat("") + " trailing"), 400).path("message").asText().contains("parse"));
        assertTrue(rejected(client.post(CHAT, "[1, 2]"), 400).path("message").asText().contains("must be a JSON object"));
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] prefix = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}]}".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x28, (byte) 0xA1}, {(byte) 0x80}}) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            JsonNode error = rejected(client.postBytes(CHAT, body), 400);
            assertTrue(error.path("message").asText().contains("UTF-8"), error.toString());
        }
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack() {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        JsonNode error = rejected(client.post(CHAT, "{\"model\":\"echo\",\"x\":" + nested + "}"), 400);
        assertTrue(error.path("message").asText().contains("nesting depth"), error.toString());
        String deepSchema = "{\"type\":\"object\",\"properties\":{\"a\":".repeat(40) + "{}" + "}}".repeat(40);
        rejected(client.post(CHAT, chat(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + deepSchema + "}}]")),
                400);
        assertEquals(200, client.post(CHAT, chat("")).statusCode());
    }

    @Test
    void duplicateKeysAreRefused() {
        JsonNode error = rejected(client.post(CHAT, "{\"model\":\"echo\",\"model\":\"other\",\"messages\":[]}"), 400);
        assertTrue(error.path("message").asText().contains("Duplicate field 'model'"), error.toString());
    }

    @Test
    void missingOrEmptyMessagesAndUnknownModelsAreRefused() {
        assertEquals("messages", rejected(client.post(CHAT, "{\"model\":\"echo\"}"), 400).path("param").asText());
        assertEquals("messages", rejected(client.post(CHAT, "{\"model\":\"echo\",\"messages\":[]}"), 400).path("param").asText());
        assertEquals("messages", rejected(client.post(CHAT, "{\"model\":\"echo\",\"messages\":\"hi\"}"), 400).path("param").asText());
        assertEquals("model", rejected(client.post(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400)
                .path("param").asText());
        assertEquals("input", rejected(client.post("/v1/responses", "{\"model\":\"echo\"}"), 400).path("param").asText());
        assertEquals("input", rejected(client.post("/v1/responses", "{\"model\":\"echo\",\"input\":[]}"), 400).path("param").asText());
        JsonNode unknown = rejected(client.post(CHAT, chat("").replace("\"echo\"", "\"gpt-nope\"")), 404);
        assertEquals("model_not_found", unknown.path("code").asText());
        assertTrue(unknown.path("message").asText().contains("gpt-nope"));
    }

    @Test
    void outputLimitsMustBePositiveIntegers() {
        for (String value : new String[] {"-1", "0", "1.5", "\"10\"", "1e30", "99999999999999999999", "2147483648", "true"}) {
            JsonNode error = rejected(client.post(CHAT, chat(",\"max_tokens\":" + value)), 400);
            assertEquals("max_tokens", error.path("param").asText(), value);
            assertEquals("max_output_tokens", rejected(client.post("/v1/responses",
                    "{\"model\":\"echo\",\"input\":\"hi\",\"max_output_tokens\":" + value + "}"), 400).path("param").asText());
        }
        assertEquals(200, client.post(CHAT, chat(",\"max_completion_tokens\":2147483647")).statusCode());
        assertEquals(Integer.MAX_VALUE, ECHO.last.get().maxOutputTokens());
    }

    @Test
    void wrongShapesAreRefusedWithTheFieldNamed() {
        assertEquals("messages[0].role", rejected(client.post(CHAT, "{\"model\":\"echo\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"),
                400).path("param").asText());
        assertEquals("messages[0].content[0].type", rejected(client.post(CHAT, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://x\"}}]}]}"), 400).path("param").asText());
        assertEquals("messages[0].content", rejected(client.post(CHAT, "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":7}]}"),
                400).path("param").asText());
        assertEquals("tools[0].type", rejected(client.post(CHAT, chat(",\"tools\":[{\"type\":\"web_search\"}]")), 400).path("param").asText());
        assertEquals("stream", rejected(client.post(CHAT, chat(",\"stream\":\"yes\"")), 400).path("param").asText());
        assertEquals("response_format.json_schema.schema", rejected(client.post(CHAT,
                chat(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}")), 400).path("param").asText());
        assertEquals("input[0].type", rejected(client.post("/v1/responses",
                "{\"model\":\"echo\",\"input\":[{\"type\":\"computer_call\"}]}"), 400).path("param").asText());
    }

    @Test
    void textThatIsNotValidUnicodeStillComesBackAsValidJson() {
        HttpResponse<String> response = client.post(CHAT, "{\"model\":\"echo\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800b\\u0000c\\\"\\n</script>\"}]}");
        assertEquals(200, response.statusCode());
        String content = TestClient.json(TestClient.data(response.body()).get(1)).path("choices").get(0).path("delta").path("content").asText();
        assertEquals("a\ud800b\u0000c\"\n</script>", content);
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeTheBodyIsRead() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readUntil(socket.getInputStream(), "}}");
            assertTrue(reply.startsWith("HTTP/1.1 413"), reply);
            assertTrue(reply.contains("exceeds the limit of " + MAX_BODY + " bytes"), reply);
        }
        byte[] big = chat(" ".repeat(MAX_BODY)).getBytes(StandardCharsets.UTF_8);
        rejected(client.postBytes(CHAT, big), 413);
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        int b;
        while (!text.toString().endsWith(end) && (b = in.read()) >= 0) {
            text.append((char) b);
        }
        return text.toString();
    }

    @Test
    void aBodyWithoutALengthIsCutOffOnceItPassesTheCap() {
        byte[] big = chat(" ".repeat(2 * MAX_BODY)).getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = client.request(CHAT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        rejected(client.send(chunked), 413);
        byte[] fits = chat(" ".repeat(MAX_BODY / 2)).getBytes(StandardCharsets.UTF_8);
        HttpRequest small = client.request(CHAT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fits))).build();
        assertEquals(200, client.send(small).statusCode());
    }

    @Test
    void wrongMethodsAndUnknownPathsGetOpenAiErrors() throws IOException {
        HttpResponse<String> get = client.get(CHAT);
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
        rejected(get, 405);
        rejected(client.post("/v1/models", "{}"), 405);
        rejected(client.send(client.request("/v1/responses").DELETE().build()), 405);
        JsonNode unknown = rejected(client.get("/v1/engines"), 404);
        assertEquals("Invalid URL (GET /v1/engines)", unknown.path("message").asText());
        rejected(client.post("/v1/chat/completions/extra", chat("")), 404);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.isEmpty() || reply.matches("(?s)HTTP/1\\.[01] 4.*"), reply);
        }
        assertEquals(200, client.get("/v1/models").statusCode());
    }
}
