package dev.patchlane.worker;

import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.ContentSource;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorProfile;
import dev.patchlane.decoding.emulator.LintFixer;
import dev.patchlane.decoding.emulator.MigrationRewriter;
import dev.patchlane.decoding.emulator.ScriptedContent;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.decoding.emulator.timing.TimingEstimate;
import dev.patchlane.decoding.emulator.timing.Workload;
import java.time.Duration;
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
        LaneSettings.Emulator profile = settings.emulator();
        Profiles profiles = profile.profilesFile().map(Profiles::withUserFile).orElseGet(Profiles::builtIn);
        TimingEstimate estimate = profiles.estimate(profile.model(), profile.hardware(), Workload.single(2000, 500).onDevices(profile.devices()));
        Duration ttft = profile.timeToFirstToken().orElse(Duration.ofNanos((long) (estimate.timeToFirstTokenSeconds() * 1e9)));
        double tokensPerSecond = profile.tokensPerSecond().orElse(estimate.perStreamTokensPerSecond());
        return new EmulatedDecoder(new EmulatorProfile(lane, profile.model() + "@" + profile.hardware(), ttft, tokensPerSecond), sources);
    }
}
