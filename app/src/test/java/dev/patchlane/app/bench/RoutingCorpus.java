package dev.patchlane.app.bench;

import dev.patchlane.app.support.Git;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The evaluation's jobs: lint fixes of one file and of four, and one-file migrations, over six repositories whose jobs
 * differ in how hard they are. Each job states its difficulty and its seed for the emulator ({@code [simulated ...]});
 * the router never reads either. The same corpus (same seed) is run under every policy.
 */
final class RoutingCorpus {

    private static final JobSource SOURCE = new JobSource("bench", "routing", null);
    private static final int FILES = 8;

    /** Difficulty shares (easy, medium, hard) per repository: four mostly easy, one mixed, one hard. */
    private static final double[][] MIX = {{0.9, 0.1, 0}, {0.9, 0.1, 0}, {0.85, 0.1, 0.05}, {0.85, 0.1, 0.05}, {0.3, 0.4, 0.3}, {0.1, 0.3, 0.6}};

    /** The repository whose jobs are mostly hard (the last of {@link #MIX}). */
    static final String HARD_REPOSITORY = "repo-5";

    /** One job: what is submitted, and its known difficulty. */
    record CorpusJob(int index, JobKind kind, String repository, List<String> paths, String difficulty, String instructions) {
    }

    private RoutingCorpus() {
    }

    static List<Path> repositories(Path root) throws IOException {
        List<Path> repos = new ArrayList<>();
        for (int r = 0; r < MIX.length; r++) {
            repos.add(repository(root.resolve("repo-" + r)));
        }
        return repos;
    }

    static List<CorpusJob> jobs(List<Path> repos, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CorpusJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int r = random.nextInt(repos.size());
            double u = random.nextDouble();
            String difficulty = u < MIX[r][0] ? "easy" : u < MIX[r][0] + MIX[r][1] ? "medium" : "hard";
            int shape = random.nextInt(10);
            int file = random.nextInt(FILES);
            JobKind kind;
            List<String> paths;
            String words;
            if (shape < 5) {
                kind = JobKind.LINT_FIX;
                paths = List.of(lint(file));
                words = "Fix the lint findings: unused imports, trailing whitespace, missing final newline.";
            } else if (shape < 7) {
                kind = JobKind.LINT_FIX;
                paths = List.of(lint(file), lint((file + 1) % FILES), lint((file + 2) % FILES), lint((file + 3) % FILES));
                words = "Fix the lint findings across these four files.";
            } else {
                kind = JobKind.MIGRATION;
                paths = List.of(migration(file));
                words = "Migrate from javax.annotation to jakarta.annotation.\nrewrite: javax.annotation. -> jakarta.annotation.";
            }
            String repository = repos.get(r).toAbsolutePath().toString();
            jobs.add(new CorpusJob(i, kind, repository, paths, difficulty, words));
        }
        return jobs;
    }

    static JobRequest request(CorpusJob job, String run, Lane hint, String fastModel, long seed) {
        String marker = String.format(Locale.ROOT, "[simulated difficulty=%s fast-model=%s seed=%d]", job.difficulty(), fastModel, seed * 100_003 + job.index());
        return new JobRequest(job.kind(), job.repository(), "main", job.paths(), job.instructions() + "\n" + marker, null, hint, SOURCE,
                "routing-bench-" + run + "-" + job.index());
    }

    private static String lint(int i) {
        return "src/main/java/bench/lint/Lint" + i + ".java";
    }

    private static String migration(int i) {
        return "src/main/java/bench/legacy/Legacy" + i + ".java";
    }

    // Files short enough that every hunk reaches the class's closing brace, which an unsolved attempt drops.
    private static Path repository(Path dir) throws IOException {
        if (Files.isDirectory(dir.resolve(".git"))) {
            return dir;
        }
        for (int i = 0; i < FILES; i++) {
            write(dir.resolve(lint(i)), "package bench.lint;\n\nimport java.util.List;\n\npublic class Lint" + i + " {  \n    int value;\n}");
            write(dir.resolve(migration(i)), "package bench.legacy;\n\nimport javax.annotation.Nonnull;\npublic class Legacy" + i
                    + " {\n    @Nonnull String value;\n}\n");
        }
        write(dir.resolve(".patchlane.yml"), """
                version: 1
                checks:
                  - name: build
                    run: ["sh", "checks/build.sh"]
                    timeout: 30s
                """);
        write(dir.resolve("checks/build.sh"), """
                #!/bin/sh
                # A Java file whose braces do not balance does not build; cheaper than javac for a thousand jobs.
                for f in $(find src -name '*.java'); do
                  awk '{ o += gsub(/[{]/, "{"); c += gsub(/[}]/, "}") } END { if (o != c) { print FILENAME ": " o " opening, " c " closing braces"; exit 1 } }' "$f" || exit 1
                done
                echo "braces balance"
                """);
        Git.run(dir, "init", "-q", "-b", "main");
        Git.run(dir, "add", ".");
        Git.run(dir, "commit", "-q", "-m", "bench repository");
        return dir;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
