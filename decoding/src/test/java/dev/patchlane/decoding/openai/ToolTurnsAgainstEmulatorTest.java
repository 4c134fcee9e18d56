package dev.patchlane.decoding.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeCollector;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecodeResult;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.StreamGuard;
import dev.patchlane.decoding.emulator.http.EmulatorServer;
import dev.patchlane.decoding.emulator.http.EmulatorServerOptions;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An agent's later turn through the project's client and the project's emulator server: the conversation arrives intact. */
class ToolTurnsAgainstEmulatorTest {

    private static final Recording RECORDING = new Recording();
    private static EmulatorServer server;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(0, Map.of("recording", RECORDING), EmulatorServerOptions.defaults().withEventLoops(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(OpenAiApi.class)
    void assistantCallsAndToolResultsReachTheServerAsTheSameMessages(OpenAiApi api) {
        OpenAiDecoder client = new OpenAiDecoder(OpenAiEndpoint.of(server.baseUri().toString(), "recording", api)
                .withContextWindow(10_000_000), name -> null);
        DecodeRequest request = new DecodeRequest(ToolTurnBodiesTest.CONVERSATION, 300, null);

        DecodeResult result = DecodeCollector.collect(client, request, StreamGuard.NONE, Duration.ofSeconds(20));

        assertEquals("seen", result.text());
        DecodeRequest received = RECORDING.last.getAndSet(null);
        assertEquals(ToolTurnBodiesTest.CONVERSATION, received.messages());
        assertEquals(300, received.maxOutputTokens());
    }

    /** Keeps the request it is given and answers with one chunk. */
    private static final class Recording implements Decoder {
        final AtomicReference<DecodeRequest> last = new AtomicReference<>();

        @Override
        public Multi<DecodeEvent> stream(DecodeRequest request) {
            last.set(request);
            return Multi.createFrom().items(new DecodeEvent.Chunk("seen", 1), new DecodeEvent.Finished(new Usage(10, 1), "stop", "test"));
        }

        @Override
        public DecoderInfo describe() {
            return new DecoderInfo("recording", "test", true, "test", "in-process", null);
        }
    }
}
