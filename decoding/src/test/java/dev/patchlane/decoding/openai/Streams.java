package dev.patchlane.decoding.openai;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.util.List;

/** Subscribing to decoders in tests, with generous waits. */
public final class Streams {

    public static final Duration PATIENCE = Duration.ofSeconds(15);

    private Streams() {
    }

    public static DecodeRequest request() {
        return new DecodeRequest(List.of(ChatMessage.system("You fix code."), ChatMessage.user("Fix the off-by-one in a.py.")), 256, null);
    }

    public static AssertSubscriber<DecodeEvent> subscribe(Decoder decoder, DecodeRequest request) {
        return decoder.stream(request).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    public static List<DecodeEvent> events(Decoder decoder, DecodeRequest request) {
        return subscribe(decoder, request).awaitCompletion(PATIENCE).getItems();
    }

    public static DecoderException failure(Decoder decoder, DecodeRequest request) {
        return failureOf(subscribe(decoder, request));
    }

    public static DecoderException failureOf(AssertSubscriber<DecodeEvent> subscriber) {
        return assertInstanceOf(DecoderException.class, subscriber.awaitFailure(PATIENCE).getFailure());
    }

    public static String text(List<DecodeEvent> events) {
        StringBuilder text = new StringBuilder();
        for (DecodeEvent event : events) {
            if (event instanceof DecodeEvent.Chunk chunk) {
                text.append(chunk.text());
            }
        }
        return text.toString();
    }
}
