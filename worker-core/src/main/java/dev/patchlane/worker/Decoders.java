package dev.patchlane.worker;

import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.ContentSource;
import dev.patchlane.decoding.emulator.DeviceTiming;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.FaultSettings;
import dev.patchlane.decoding.emulator.LintFixer;
import dev.patchlane.decoding.emulator.MigrationRewriter;
import dev.patchlane.decoding.emulator.ScriptedContent;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.timing.Profiles;
import java.util.ArrayList;
import java.util.List;

/** Builds a lane's decoder from its settings. */
public final class Decoders {

    /** The request size a partial timing override takes its other half from. */
    private static final int TYPICAL_PROMPT_TOKENS = 2000;
    private static final int TYPICAL_OUTPUT_TOKENS = 500;

    private Decoders() {
    }

    public static Decoder forLane(String lane, LaneSettings settings, EmulatorConfig emulator) {
        if (!settings.decoder().equals("emulator")) {
            throw new IllegalArgumentException("patchlane.lane." + lane + ".decoder=" + settings.decoder()
                    + " is not available: only 'emulator' is built so far (real OpenAI-compatible endpoints are not implemented yet)");
        }
        return emulated(lane, settings.emulator(), emulator);
    }

    static EmulatedDecoder emulated(String lane, LaneSettings.Emulator config, EmulatorConfig emulator) {
        List<ContentSource> sources = new ArrayList<>();
        emulator.script().ifPresent(script -> sources.add(ScriptedContent.load(script)));
        sources.add(new LintFixer());
        sources.add(new MigrationRewriter());
        Profiles profiles = config.profilesFile().map(Profiles::withUserFile).orElseGet(Profiles::builtIn);
        LaneSettings.Faults faults = config.faults();
        EmulatorSettings settings = new EmulatorSettings(lane, config.model(), config.hardware(), config.devices(),
                config.concurrentStreams(), config.minBatch(), config.queueLimit(), config.chunkInterval(),
                new FaultSettings(faults.rateLimit(), faults.serverError(), faults.streamCut(), faults.truncation(),
                        faults.malformedStructuredOutput()),
                faults.seed(), null);
        if (config.timeToFirstToken().isPresent() || config.tokensPerSecond().isPresent()) {
            StreamTiming modelled = DeviceTiming.of(settings, profiles).target(TYPICAL_PROMPT_TOKENS, TYPICAL_OUTPUT_TOKENS, 1);
            settings = settings.withOverride(new StreamTiming(config.timeToFirstToken().orElse(modelled.timeToFirstToken()),
                    config.tokensPerSecond().orElse(modelled.tokensPerSecond())));
        }
        return EmulatedDecoder.create(settings, sources, profiles);
    }
}
