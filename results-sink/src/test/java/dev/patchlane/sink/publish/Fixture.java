package dev.patchlane.sink.publish;

import dev.patchlane.codebase.FileChange;
import dev.patchlane.codebase.UnifiedDiff;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;

/** A real repository with one lint finding, a bare copy of it as a remote, and the outcome that fixes the finding. */
public final class Fixture {

    static final Instant FINISHED = Instant.parse("2026-11-27T10:00:00Z");
    public static final String FILE = "src/Main.java";
    static final String BEFORE = "class Main {  \n}\n";
    public static final String AFTER = "class Main {\n}\n";

    public final Path origin;
    public final Path remote;
    public final String baseCommit;

    private Fixture(Path origin, Path remote, String baseCommit) {
        this.origin = origin;
        this.remote = remote;
        this.baseCommit = baseCommit;
    }

    public static Fixture create(Path dir, Path remote) throws Exception {
        Path origin = dir.resolve("origin");
        Files.createDirectories(origin.resolve("src"));
        Files.writeString(origin.resolve(FILE), BEFORE);
        String base;
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            base = git.commit().setMessage("initial").setAuthor("Ada", "ada@example.com").setCommitter("Ada", "ada@example.com")
                    .setSign(false).call().name();
        }
        Files.createDirectories(remote.getParent());
        Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(remote.toFile()).setBare(true).call().close();
        return new Fixture(origin, remote, base);
    }

    public Outcome outcome() {
        return outcome(UnifiedDiff.of(new FileChange(FILE, BEFORE, AFTER)));
    }

    public Outcome outcome(String patch) {
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("fixture-" + origin), JobKind.LINT_FIX, origin.toString(), "main",
                List.of(FILE), "Fix the lint findings.", null, null, new JobSource("ci-bot", "lint-bot", "https://ci.example.com/run/7"),
                "fixture-" + origin, FINISHED.minusSeconds(5));
        RouteFeatures features = new RouteFeatures(JobKind.LINT_FIX, 1, 420, false, List.of(), null);
        List<Transition> history = List.of(new Transition(JobState.SUBMITTED, "ingest", FINISHED.minusSeconds(5), null, "accepted"),
                new Transition(JobState.ROUTED, "router", FINISHED.minusSeconds(4), Lane.FAST, "bounded lint fix"),
                new Transition(JobState.RUNNING, "fast-worker", FINISHED.minusSeconds(3), Lane.FAST, "decoding"),
                new Transition(JobState.PATCH_READY, "fast-worker", FINISHED, Lane.FAST, "the patch applies"));
        RoutedJob routed = new RoutedJob(RoutedJob.SCHEMA_VERSION, job, new RouteDecision(Lane.FAST, List.of("bounded lint fix"), features), 1,
                null, Usage.NONE, history.subList(0, 2), FINISHED.minusSeconds(4));
        return new Outcome(Outcome.SCHEMA_VERSION, routed, Lane.FAST, baseCommit, OutcomeResult.PATCH_READY, patch,
                "Removed trailing whitespace @octocat ![x](https://evil.example/x.png)", false, new Usage(500, 40), 0.0004,
                new Timings(3, 10, 160, 35, 210, 1142.9),
                new DecoderInfo("emulator", "codex-spark-class", true, "fixer:lint", "in-process", "codex-spark-class@wse3"), history, FINISHED);
    }

    /** Runs real git; the tests check patch files with {@code git am} and branches with {@code rev-list}. */
    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
