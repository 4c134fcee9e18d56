package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.emulator.timing.Profiles;
import java.util.List;

/** Requests and decoders for the emulator's tests: a prompt outside the prompt format is echoed back as the reply. */
final class Requests {

    static final Profiles PROFILES = Profiles.builtIn();

    private Requests() {
    }

    /** A reply of {@code lines} numbered lines, with characters that span tokens. */
    static String text(String tag, int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(tag).append(" line ").append(i).append(": caf\u00e9 \u2713 \ud83d\ude80\n");
        }
        return text.toString();
    }

    static DecodeRequest echo(String text) {
        return echo(text, 8192);
    }

    static DecodeRequest echo(String text, int maxOutputTokens) {
        return new DecodeRequest(List.of(ChatMessage.user(text)), maxOutputTokens, null);
    }

    static int tokens(String text) {
        return TokenCounter.count(text);
    }

    static EmulatedDecoder decoder(EmulatorSettings settings, DeviceScheduler scheduler, ContentSource... sources) {
        return new EmulatedDecoder(settings, List.of(sources), PROFILES, scheduler);
    }

    /** Fixed timing, no faults, the given capacity. */
    static EmulatorSettings fixed(int ttftMillis, double tokensPerSecond, int streams, int queue) {
        return EmulatorSettings.fastLane().withFaults(FaultSettings.NONE, 1).withCapacity(streams, 1, queue)
                .withOverride(new StreamTiming(java.time.Duration.ofMillis(ttftMillis), tokensPerSecond));
    }
}
