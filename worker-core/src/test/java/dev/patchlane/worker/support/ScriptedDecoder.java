package dev.patchlane.worker.support;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.ToolCall;
import io.smallrye.mutiny.Multi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A model written by a test: each request gets the turn the script computes from it, streamed as the SPI's events. It
 * stands for a model misbehaving in ways the emulator does not (loops, hostile calls), at the decoder seam.
 */
public final class ScriptedDecoder implements Decoder {

    private final Function<DecodeRequest, Turn> script;
    private final List<DecodeRequest> requests = new CopyOnWriteArrayList<>();

    public ScriptedDecoder(Function<DecodeRequest, Turn> script) {
        this.script = script;
    }

    public List<DecodeRequest> requests() {
        return requests;
    }

    @Override
    public Multi<DecodeEvent> stream(DecodeRequest request) {
        return Multi.createFrom().deferred(() -> {
            requests.add(request);
            Turn turn = script.apply(request);
            List<DecodeEvent> events = new ArrayList<>();
            if (!turn.text().isEmpty()) {
                events.add(new DecodeEvent.Chunk(turn.text(), TokenCounter.count(turn.text())));
            }
            turn.calls().forEach(call -> events.add(new DecodeEvent.ToolCalled(call)));
            int completion = TokenCounter.count(turn.text()) + turn.calls().stream().mapToInt(c -> TokenCounter.count(c.arguments())).sum();
            events.add(new DecodeEvent.Finished(new Usage(request.promptTokens(), completion), turn.calls().isEmpty() ? "stop" : "tool_calls",
                    "script"));
            return Multi.createFrom().iterable(events);
        });
    }

    @Override
    public DecoderInfo describe() {
        return new DecoderInfo("scripted", "test-model", true, "script", "in-process", null);
    }

    /**
     * One model turn.
     *
     * @param text the text it says
     * @param calls the functions it calls
     */
    public record Turn(String text, List<ToolCall> calls) {

        public static Turn call(String name, String arguments) {
            return new Turn("", List.of(new ToolCall("c" + Integer.toHexString((name + arguments).hashCode()) + System.nanoTime(), name, arguments)));
        }

        public static Turn text(String text) {
            return new Turn(text, List.of());
        }
    }
}
