package dev.patchlane.decoding.emulator.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimingModelTest {

    private static final Profiles PROFILES = Profiles.builtIn();
    private static final Workload ONE = Workload.single(1000, 500);

    private static TimingEstimate at(String model, String hardware, Workload workload) {
        return PROFILES.estimate(model, hardware, workload);
    }

    @Test
    void batchingOnAGpuRaisesAggregateThroughputAndLowersPerStreamSpeed() {
        TimingEstimate one = at("llama-3.1-8b", "h100", ONE);
        TimingEstimate thirtyTwo = at("llama-3.1-8b", "h100", ONE.withStreams(32));
        assertTrue(thirtyTwo.aggregateTokensPerSecond() > 5 * one.aggregateTokensPerSecond(),
                one + " vs " + thirtyTwo);
        assertTrue(thirtyTwo.perStreamTokensPerSecond() < one.perStreamTokensPerSecond(), one + " vs " + thirtyTwo);
        assertEquals(TimingEstimate.Bound.MEMORY_BANDWIDTH, one.bound());
    }

    @Test
    void aLargeEnoughBatchMakesAGpuComputeBound() {
        assertEquals(TimingEstimate.Bound.COMPUTE, at("llama-3.1-8b", "h100", Workload.single(16, 16).withStreams(1024)).bound());
    }

    @Test
    void aLargerModelIsSlower() {
        for (String hardware : new String[] {"h100", "h200", "wse3"}) {
            double small = at("llama-3.1-8b", hardware, ONE).perStreamTokensPerSecond();
            double large = at("llama-3.1-405b", hardware, ONE).perStreamTokensPerSecond();
            assertTrue(large < small, hardware + ": 405B " + large + " vs 8B " + small);
        }
    }

    @Test
    void moreWafersAreSlower() {
        TimingEstimate four = at("llama-3.3-70b", "wse3", ONE);
        TimingEstimate eight = at("llama-3.3-70b", "wse3", ONE.onDevices(8));
        assertEquals(4, four.devices());
        assertTrue(eight.secondsPerOutputToken() > four.secondsPerOutputToken(), four + " vs " + eight);
    }

    @Test
    void timeToFirstTokenGrowsWithPromptLength() {
        for (String hardware : new String[] {"h100", "wse3"}) {
            double shortPrompt = at("llama-3.3-70b", hardware, Workload.single(100, 100)).timeToFirstTokenSeconds();
            double longPrompt = at("llama-3.3-70b", hardware, Workload.single(50_000, 100)).timeToFirstTokenSeconds();
            assertTrue(longPrompt > shortPrompt, hardware + ": " + shortPrompt + " vs " + longPrompt);
        }
    }

    @Test
    void a405bModelNeedsSeveralH100s() {
        ModelProfile model = PROFILES.model("llama-3.1-405b");
        int devices = TimingModel.devicesNeeded(model, PROFILES.hardware("h100"));
        assertEquals(12, devices, "812 GB of 16-bit weights over 72 GB usable per H100");
        assertTrue(TimingModel.devicesNeeded(model, PROFILES.hardware("h200")) < devices);
    }

    @Test
    void a70bModelAt16BitsSpansFourWafers() {
        assertEquals(4, TimingModel.devicesNeeded(PROFILES.model("llama-3.3-70b"), PROFILES.hardware("wse3")));
        assertEquals(1, TimingModel.devicesNeeded(PROFILES.model("llama-3.1-8b"), PROFILES.hardware("wse3")));
    }

    @Test
    void longerContextSlowsGpuDecodeThroughTheKvCache() {
        double shortContext = at("llama-3.1-8b", "h100", Workload.single(1_000, 100)).perStreamTokensPerSecond();
        double longContext = at("llama-3.1-8b", "h100", Workload.single(100_000, 100)).perStreamTokensPerSecond();
        assertTrue(longContext < shortContext, shortContext + " vs " + longContext);
    }

    @Test
    void theWaferDecodesAtLayerSpeedUntilThePipelineIsFull() {
        ModelProfile model = PROFILES.model("llama-3.1-8b");
        TimingEstimate one = at(model.name(), "wse3", ONE);
        TimingEstimate full = at(model.name(), "wse3", ONE.withStreams(model.layers()));
        TimingEstimate over = at(model.name(), "wse3", ONE.withStreams(4 * model.layers()));
        assertEquals(one.perStreamTokensPerSecond(), full.perStreamTokensPerSecond(), 1e-9);
        assertTrue(over.perStreamTokensPerSecond() < one.perStreamTokensPerSecond());
        assertTrue(full.aggregateTokensPerSecond() > one.aggregateTokensPerSecond());
        assertEquals(TimingEstimate.Bound.LAYER_LATENCY, one.bound());
    }

    @Test
    void speculativeDecodingAppliesOnlyWhereTheModelHasADraftAndTheHardwareUsesIt() {
        ModelProfile drafted = PROFILES.model("llama-3.3-70b");
        HardwareProfile wse3 = PROFILES.hardware("wse3");
        ModelProfile plain = new ModelProfile(drafted.name(), drafted.totalParams(), drafted.activeParams(),
                drafted.layers(), drafted.hiddenSize(), drafted.kvHeads(), drafted.headDim(), drafted.bytesPerWeight(),
                drafted.contextWindow(), null, null);
        double ratio = TimingModel.estimate(drafted, wse3, ONE).perStreamTokensPerSecond()
                / TimingModel.estimate(plain, wse3, ONE).perStreamTokensPerSecond();
        assertEquals(wse3.speculativeDecoding().speedup(), ratio, 1e-9);
        assertTrue(PROFILES.hardware("h100").speculativeDecoding().isNone());
    }

    @Test
    void speculativeSpeedupFollowsAcceptanceRate() {
        assertEquals(1.0, SpeculativeDecoding.of(0.0, 4, 0.1).speedup(), 1e-9);
        double low = SpeculativeDecoding.of(0.5, 4, 0.05).speedup();
        double high = SpeculativeDecoding.of(0.9, 4, 0.05).speedup();
        assertTrue(high > low && low > 1, low + " vs " + high);
    }

    @Test
    void theLaneClassesKeepTheirStatedOrderOfSpeed() {
        double fast = at("codex-spark-class", "wse3", ONE).perStreamTokensPerSecond();
        double deep = at("codex-class", "h200", Workload.single(20_000, 2_000).withStreams(4)).perStreamTokensPerSecond();
        assertTrue(fast > 1000, "fast class " + fast);
        assertTrue(deep > 35 && deep < 140, "deep class " + deep);
        assertEquals(196_608, PROFILES.model("codex-class").contextWindow());
        assertEquals(131_072, PROFILES.model("codex-spark-class").contextWindow());
    }
}
