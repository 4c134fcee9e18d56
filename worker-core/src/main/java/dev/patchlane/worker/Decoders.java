package dev.patchlane.worker;

import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.ContentSource;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorProfile;
import dev.patchlane.decoding.emulator.LintFixer;
import dev.patchlane.decoding.emulator.MigrationRewriter;
import dev.patchlane.decoding.emulator.ScriptedContent;
import java.util.ArrayList;
import java.util.List;

/** Builds a lane's decoder from its settings. */
public final class Decoders {

    private Decoders() {
    }

    public static Decoder forLane(String lane, LaneSettings settings, EmulatorConfig emulator) {
        if (!settings.decoder().equals("emulator")) {
            throw new IllegalArgumentException("patchlane.lane." + lane + ".decoder=" + settings.decoder()
                    + " is not available: only 'emulator' is built so far (real OpenAI-compatible endpoints are not implemented yet)");
        }
        List<ContentSource> sources = new ArrayList<>();
        emulator.script().ifPresent(script -> sources.add(ScriptedContent.load(script)));
        sources.add(new LintFixer());
        sources.add(new MigrationRewriter());
        return new EmulatedDecoder(new EmulatorProfile(lane, settings.model(), settings.timeToFirstToken(), settings.tokensPerSecond()),
                sources);
    }
}
