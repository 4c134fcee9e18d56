package dev.patchlane.decoding.emulator.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

    @Test
    void theBuiltInsHoldTheNamedHardwareAndModels() {
        Profiles profiles = Profiles.builtIn();
        assertTrue(profiles.hardware().keySet().containsAll(java.util.List.of("wse3", "h100", "h200")));
        assertTrue(profiles.models().keySet().containsAll(java.util.List.of("llama-3.1-8b", "llama-3.3-70b",
                "llama-3.1-405b", "qwen3-32b", "qwen3-235b-a22b", "gpt-oss-120b", "codex-spark-class", "codex-class")));
        assertEquals(3.35e12, profiles.hardware("h100").memoryBandwidth());
        assertEquals(HardwareKind.WAFER, profiles.hardware("wse3").kind());
        assertTrue(profiles.model("qwen3-235b-a22b").isMixtureOfExperts());
        assertTrue(profiles.model("codex-class").note().startsWith("ASSUMPTION"));
        assertTrue(profiles.model("codex-spark-class").note().startsWith("ASSUMPTION"));
    }

    @Test
    void aUserFileReplacesAndAddsProfilesByName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-profiles.json");
        Files.writeString(file, """
                {"hardware": [
                  {"name": "h100", "kind": "GPU", "memoryBytes": 80e9, "memoryBandwidth": 3.35e12,
                   "peakDenseFlops": 989e12, "efficiency": 0.8, "prefillEfficiency": 0.5, "overheadSeconds": 0.05},
                  {"name": "b200", "kind": "GPU", "memoryBytes": 192e9, "memoryBandwidth": 8e12,
                   "peakDenseFlops": 2250e12, "lowPrecisionFlopsMultiplier": 2, "efficiency": 0.6,
                   "usableMemoryFraction": 0.9, "prefillEfficiency": 0.5}],
                 "models": [
                  {"name": "my-model", "totalParams": 3e9, "activeParams": 3e9, "layers": 28, "hiddenSize": 3072,
                   "kvHeads": 8, "headDim": 128, "bytesPerWeight": 2, "contextWindow": 32768}]}
                """, StandardCharsets.UTF_8);
        Profiles merged = Profiles.withUserFile(file);
        assertEquals(0.8, merged.hardware("h100").efficiency());
        assertEquals(8e12, merged.hardware("b200").memoryBandwidth());
        assertEquals(28, merged.model("my-model").layers());
        assertEquals(44e9, merged.hardware("wse3").memoryBytes(), "built-ins not named in the file stay");
        assertTrue(merged.estimate("my-model", "b200", Workload.single(100, 100)).perStreamTokensPerSecond() > 0);
    }

    @Test
    void badProfilesAreRefusedWithTheReason() {
        byte[] noBandwidth = """
                {"hardware": [{"name": "x", "kind": "GPU", "memoryBytes": 1e9, "peakDenseFlops": 1e12,
                  "efficiency": 0.5, "prefillEfficiency": 0.5}]}
                """.getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profiles.parse(noBandwidth, "t"));
        assertTrue(e.getMessage().contains("memoryBandwidth"), e.getMessage());
        byte[] twice = """
                {"models": [
                  {"name": "m", "totalParams": 1e9, "activeParams": 1e9, "layers": 1, "hiddenSize": 1, "kvHeads": 1,
                   "headDim": 1, "bytesPerWeight": 2, "contextWindow": 1},
                  {"name": "m", "totalParams": 1e9, "activeParams": 1e9, "layers": 1, "hiddenSize": 1, "kvHeads": 1,
                   "headDim": 1, "bytesPerWeight": 2, "contextWindow": 1}]}
                """.getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> Profiles.parse(twice, "t"));
        assertThrows(NoSuchElementException.class, () -> Profiles.builtIn().model("nope"));
    }
}
