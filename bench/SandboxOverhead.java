import dev.patchlane.sandbox.BwrapRunner;
import dev.patchlane.sandbox.Command;
import dev.patchlane.sandbox.CommandRunner;
import dev.patchlane.sandbox.Limits;
import dev.patchlane.sandbox.RunResult;
import dev.patchlane.sandbox.UnsandboxedRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What the sandbox adds to one check: `true` run through bwrap and unsandboxed, alternately, in one JVM. */
public class SandboxOverhead {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path workspace = Files.createTempDirectory("sandbox-overhead");
        CommandRunner bwrap = BwrapRunner.detect(List.of())
                .orElseThrow(() -> new IllegalStateException("bwrap unavailable: " + BwrapRunner.probe(List.of()).unavailableReason()));
        CommandRunner none = new UnsandboxedRunner();
        for (int round = 1; round <= 2; round++) {
            double sandboxed = p50(bwrap, workspace, runs);
            double plain = p50(none, workspace, runs);
            System.out.printf("round %d: bwrap p50 %.1f ms, unsandboxed p50 %.1f ms, added %.1f ms per check (%.1fx)%n", round, sandboxed, plain,
                    sandboxed - plain, sandboxed / plain);
        }
    }

    private static double p50(CommandRunner runner, Path workspace, int runs) {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            RunResult result = runner.run(Command.of("true"), workspace, Limits.defaults());
            if (!result.succeeded()) {
                throw new IllegalStateException(runner.name() + ": " + result);
            }
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[runs / 2] / 1e6;
    }
}
