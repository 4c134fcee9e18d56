package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.prompt.Task;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A routing evaluation's job says how hard it is, {@code [simulated difficulty=hard]}, and this decides whether a lane's
 * model solves it: each job draws one number u from its id, and a lane solves the job when u is below the lane's success
 * probability for the difficulty. One u for both lanes makes the fast class solve a subset of what the deep class solves
 * (an easy job both solve, a hard one maybe only deep), rather than two independent coins. A lane that does not solve a
 * job answers with a patch that applies but breaks the build ({@link InjectedDefect}), so verification really fails.
 * {@code seed=N} draws from N instead of the job id. {@code fast-model=v2} stands for an updated fast model with a lower success rate, for a drift within one run.
 * Probabilities: docs/benchmarks.md, "Routing"; an assumption anchored on published means, not a measurement.
 */
final class SimulatedDifficulty {

    static final String LABEL = "+simulated:unsolved";
    private static final Pattern MARKER = Pattern.compile("\\[simulated difficulty=(easy|medium|hard)(?: fast-model=(v1|v2))?(?: seed=([0-9]{1,18}))?]");

    /** Success probability per difficulty (easy, medium, hard): fast v1, fast v2, deep. */
    private static final double[] FAST_V1 = {0.88, 0.58, 0.22};
    private static final double[] FAST_V2 = {0.30, 0.15, 0.05};
    private static final double[] DEEP = {0.94, 0.74, 0.48};

    private SimulatedDifficulty() {
    }

    /** Whether {@code lane}'s model fails this job; false for a job without the marker. */
    static boolean unsolved(Task task, String lane) {
        // a corpus names its own seed, so that every policy run meets the same luck on the same job
        String seed = seedOf(task.instructions()).orElse(task.jobId());
        return successProbability(task.instructions(), lane).map(p -> draw(seed) >= p).orElse(false);
    }

    /** The reply with the build broken, labelled so an evaluation can tell a simulated failure from a real one. */
    static Content unsolvedContent(Content content) {
        return InjectedDefect.breakLastBrace(content.reply())
                .map(reply -> new Content(reply, content.source() + LABEL, content.toolCalls()))
                .orElse(content);
    }

    static Optional<String> seedOf(String instructions) {
        Matcher marker = instructions == null ? null : MARKER.matcher(instructions);
        return marker != null && marker.find() ? Optional.ofNullable(marker.group(3)) : Optional.empty();
    }

    static Optional<Double> successProbability(String instructions, String lane) {
        if (instructions == null) {
            return Optional.empty();
        }
        Matcher marker = MARKER.matcher(instructions);
        if (!marker.find()) {
            return Optional.empty();
        }
        int bucket = switch (marker.group(1)) {
            case "easy" -> 0;
            case "medium" -> 1;
            default -> 2;
        };
        boolean deep = lane.toLowerCase(Locale.ROOT).startsWith("deep");
        double[] table = deep ? DEEP : "v2".equals(marker.group(2)) ? FAST_V2 : FAST_V1;
        return Optional.of(table[bucket]);
    }

    /** A number in [0, 1) from the job id alone. */
    static double draw(String jobId) {
        long hash = 0x84222325cbf29ce4L;
        for (byte b : (jobId == null ? "" : jobId).getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 31;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 29;
        return (hash >>> 11) * 0x1.0p-53;
    }
}
