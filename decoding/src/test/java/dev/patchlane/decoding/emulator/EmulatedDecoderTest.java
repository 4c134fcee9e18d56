package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.ToolSpec;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.PromptFormat;
import dev.patchlane.decoding.prompt.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the decoder says it is, and the scripted tool calls it makes. */
class EmulatedDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualScheduler clock = new ManualScheduler();

    @Test
    void itDescribesItselfAsAnEmulatorOfItsProfiles() {
        EmulatedDecoder deep = Requests.decoder(EmulatorSettings.deepLane(), clock);
        assertEquals(new DecoderInfo("emulator", "codex-class", true, "emulator", "in-process", "codex-class@h100"), deep.describe());
        assertThrows(NoSuchElementException.class,
                () -> Requests.decoder(new EmulatorSettings("x", "codex-class", "tpu", 0, 1, 1, 0, null, null, 1, null), clock));
    }

    @Test
    void aScriptedToolCallIsMadeOnlyWhenTheRequestOffersTheFunction(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("script.json");
        Files.writeString(file, """
                {"entries": [{"name": "call", "kind": "ISSUE", "path": "a.txt", "summary": "Fixed.",
                  "edits": [{"path": "a.txt", "find": "a", "replace": "b"}],
                  "toolCalls": [{"name": "run_tests", "arguments": {"target": "a.txt"}}]}]}
                """);
        ScriptedContent script = ScriptedContent.load(file);
        EmulatedDecoder decoder = Requests.decoder(Requests.fixed(10, 1000, 4, 4), clock, script);
        Recorder offered = Recorder.of(decoder.stream(request(List.of(new ToolSpec("run_tests", "runs tests", JSON.readTree("{}"))))),
                clock::nanoTime);
        Recorder notOffered = Recorder.of(decoder.stream(request(List.of())), clock::nanoTime);
        clock.advance(Duration.ofSeconds(2));

        List<DecodeEvent> events = offered.events();
        DecodeEvent.ToolCalled called = (DecodeEvent.ToolCalled) events.get(events.size() - 2);
        assertEquals("run_tests", called.call().name());
        assertEquals(JSON.readTree("{\"target\": \"a.txt\"}"), JSON.readTree(called.call().arguments()));
        DecodeEvent.Finished finished = offered.finished().orElseThrow();
        assertEquals("tool_calls", finished.finishReason());
        assertEquals("script:call", finished.contentSource());
        assertEquals(offered.tokens() + Requests.tokens(called.call().arguments()), finished.usage().completionTokens());

        assertTrue(notOffered.events().stream().noneMatch(DecodeEvent.ToolCalled.class::isInstance));
        assertEquals("stop", notOffered.finished().orElseThrow().finishReason());
    }

    private static DecodeRequest request(List<ToolSpec> tools) {
        Task task = new Task("job-3", JobKind.ISSUE, "fix", List.of(new PromptFile("a.txt", "a\n")), null);
        return new DecodeRequest(PromptFormat.render(task), 4096, null, tools);
    }
}
