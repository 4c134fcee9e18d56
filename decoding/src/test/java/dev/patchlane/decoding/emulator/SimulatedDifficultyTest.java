package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.prompt.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedDifficultyTest {

    private static Task task(String id, String marker) {
        return new Task(id, JobKind.LINT_FIX, "Fix the lint. " + marker, List.of(), null);
    }

    @Test
    void eachLaneSolvesItsShareAndTheFastLaneOnlyWhatTheDeepLaneAlsoSolves() {
        int fast = 0;
        int deep = 0;
        int fastV2 = 0;
        for (int i = 0; i < 20_000; i++) {
            Task medium = task("job-" + i, "[simulated difficulty=medium]");
            boolean fastSolves = !SimulatedDifficulty.unsolved(medium, "fast");
            boolean deepSolves = !SimulatedDifficulty.unsolved(medium, "deep");
            assertFalse(fastSolves && !deepSolves, "the fast class solves a subset of the deep class's jobs");
            fast += fastSolves ? 1 : 0;
            deep += deepSolves ? 1 : 0;
            fastV2 += SimulatedDifficulty.unsolved(task("job-" + i, "[simulated difficulty=medium fast-model=v2]"), "fast") ? 0 : 1;
        }
        assertEquals(0.58, fast / 20_000.0, 0.015);
        assertEquals(0.74, deep / 20_000.0, 0.015);
        assertEquals(0.15, fastV2 / 20_000.0, 0.015);
    }

    @Test
    void aJobWithoutTheMarkerIsNeverFailedBySimulation() {
        for (int i = 0; i < 1000; i++) {
            assertFalse(SimulatedDifficulty.unsolved(task("job-" + i, ""), "fast"));
            assertFalse(SimulatedDifficulty.unsolved(task("job-" + i, "[simulated difficulty=impossible]"), "deep"));
        }
        assertTrue(SimulatedDifficulty.successProbability("[simulated difficulty=hard]", "deep").isPresent());
        // the same seed, the same luck, whatever the job id
        for (int i = 0; i < 100; i++) {
            assertEquals(SimulatedDifficulty.unsolved(task("a-" + i, "[simulated difficulty=medium seed=" + i + "]"), "fast"),
                    SimulatedDifficulty.unsolved(task("b-" + i, "[simulated difficulty=medium seed=" + i + "]"), "fast"));
        }
    }
}
