package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.emulator.timing.ModelProfile;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.decoding.emulator.timing.TimingEstimate;
import dev.patchlane.decoding.emulator.timing.TimingModel;
import dev.patchlane.decoding.emulator.timing.Workload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lanes' targets, from the pure function the device follows. */
class DeviceTimingTest {

    private static final Profiles PROFILES = Profiles.builtIn();
    private static final int PROMPT = 3_000;
    private static final int OUTPUT = 1_500;

    private static DeviceTiming timing(EmulatorSettings settings) {
        return DeviceTiming.of(settings, PROFILES);
    }

    @Test
    void theFastLaneDecodesAtOverAThousandTokensPerSecondUntilItsPipelineIsFull() {
        DeviceTiming fast = timing(EmulatorSettings.fastLane());
        StreamTiming one = fast.target(PROMPT, OUTPUT, 1);
        TimingEstimate model = PROFILES.estimate("codex-spark-class", "wse3", new Workload(1, PROMPT, OUTPUT, 0));
        assertEquals(model.perStreamTokensPerSecond(), one.tokensPerSecond(), 1e-9);
        assertEquals(model.timeToFirstTokenSeconds(), one.timeToFirstToken().toNanos() / 1e9, 1e-6);
        assertTrue(one.tokensPerSecond() > 1000, one.toString());
        int layers = PROFILES.model("codex-spark-class").layers();
        assertEquals(one.tokensPerSecond(), fast.target(PROMPT, OUTPUT, layers).tokensPerSecond(), 1e-9);
        assertTrue(fast.target(PROMPT, OUTPUT, 2 * layers).tokensPerSecond() < one.tokensPerSecond());
    }

    @Test
    void theDeepLaneDecodesAtAboutSeventyTokensPerSecondAndReasonsForOneToTwoSeconds() {
        DeviceTiming deep = timing(EmulatorSettings.deepLane());
        StreamTiming target = deep.target(PROMPT, OUTPUT, 1);
        assertTrue(target.tokensPerSecond() > 55 && target.tokensPerSecond() < 90, target.toString());
        assertTrue(target.timeToFirstToken().compareTo(Duration.ofSeconds(1)) > 0
                && target.timeToFirstToken().compareTo(Duration.ofSeconds(2)) < 0, target.toString());
        TimingEstimate atItsBatch = PROFILES.estimate("codex-class", "h100", new Workload(4, PROMPT, OUTPUT + PROFILES.model("codex-class").reasoningTokens(), 0));
        assertEquals(atItsBatch.perStreamTokensPerSecond(), target.tokensPerSecond(), 1e-9, "one deep stream is timed at batch 4");
        assertEquals(atItsBatch.timeToFirstTokenSeconds(), target.timeToFirstToken().toNanos() / 1e9, 1e-6);
        assertEquals(target.tokensPerSecond(), deep.target(PROMPT, OUTPUT, 4).tokensPerSecond(), 1e-9);
    }

    @Test
    void onADeploymentOfItsOwnTheDeepClassIsFasterAloneAndSlowerInABatch() {
        DeviceTiming own = timing(EmulatorSettings.deepLane().withCapacity(8, 1, 16));
        double alone = own.target(PROMPT, OUTPUT, 1).tokensPerSecond();
        double four = own.target(PROMPT, OUTPUT, 4).tokensPerSecond();
        assertTrue(alone > 200, "codex-class at batch 1: " + alone);
        assertTrue(four < alone / 3, alone + " vs " + four);
        assertTrue(own.target(PROMPT, OUTPUT, 1).timeToFirstToken().compareTo(own.target(PROMPT, OUTPUT, 4).timeToFirstToken()) < 0,
                "hidden reasoning takes longer in a bigger batch");
    }

    @Test
    void aLongerPromptTakesLongerToPrefill() {
        DeviceTiming deep = timing(EmulatorSettings.deepLane());
        assertTrue(deep.startSeconds(100_000) > deep.startSeconds(1_000) + 0.5);
        assertEquals(PROFILES.hardware("h100").overheadSeconds(), deep.startSeconds(0), 1e-12);
    }

    @Test
    void anOverrideFixesTheTiming() {
        StreamTiming fixed = new StreamTiming(Duration.ofMillis(200), 700);
        DeviceTiming timing = timing(EmulatorSettings.deepLane().withOverride(fixed));
        assertEquals(fixed, timing.target(PROMPT, OUTPUT, 1));
        assertEquals(fixed, timing.target(50_000, OUTPUT, 4));
        assertEquals(0, timing.hiddenTokens());
    }

    @Test
    void onlyTheAssumedReasoningClassHasHiddenTokensSoTheCalibrationIsUnchanged() {
        for (ModelProfile model : PROFILES.models().values()) {
            boolean assumed = model.note().startsWith("ASSUMPTION");
            assertTrue(assumed || model.reasoningTokens() == 0, model.name() + " is a published model");
        }
        ModelProfile codex = PROFILES.model("codex-class");
        assertTrue(codex.reasoningTokens() > 0);
        TimingEstimate estimate = TimingModel.estimate(codex, PROFILES.hardware("h100"), new Workload(4, PROMPT, OUTPUT, 0));
        double withoutReasoning = TimingModel.prefillSeconds(codex, PROFILES.hardware("h100"), PROMPT, estimate.devices())
                + PROFILES.hardware("h100").overheadSeconds();
        assertEquals(withoutReasoning + codex.reasoningTokens() * estimate.secondsPerOutputToken(), estimate.timeToFirstTokenSeconds(), 1e-9);
    }
}
