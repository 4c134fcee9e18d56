package dev.patchlane.app.bench.kills;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * A repository with one file of lint findings per job (trailing whitespace, an unused import, no final newline), which
 * the emulator's deterministic fixer answers in either lane; every job's branch is pushed back into it.
 */
public final class LintRepository {

    private final Path dir;
    private final int files;

    private LintRepository(Path dir, int files) {
        this.dir = dir;
        this.files = files;
    }

    public static LintRepository create(Path dir, int files) throws IOException, GitAPIException {
        for (int i = 0; i < files; i++) {
            Path file = dir.resolve(path(i));
            Files.createDirectories(file.getParent());
            Files.writeString(file, "package kills.p" + (i / 100) + ";\n\nimport java.util.ArrayList;\nimport java.util.List;\nimport java.util.Map;   \n\n"
                    + "public class " + className(i) + " {\n    private final List<String> names = new ArrayList<>();  \n\n"
                    + "    public void add(String name) {\n        names.add(name);\t\n    }\n\n    public int count() {\n        return names.size();\n    }\n}");
        }
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("files with lint findings").setAuthor("bench", "bench@patchlane.invalid")
                    .setCommitter("bench", "bench@patchlane.invalid").setSign(false).call();
        }
        return new LintRepository(dir.toAbsolutePath(), files);
    }

    public Path dir() {
        return dir;
    }

    public int files() {
        return files;
    }

    /** Job {@code n} of run {@code run}: its own file, on the deep lane when {@code deep}. */
    public JobRequest job(String run, int n, boolean deep) {
        return new JobRequest(JobKind.LINT_FIX, dir.toString(), "main", java.util.List.of(path(n)),
                "Fix the lint findings: trailing whitespace, unused imports, missing final newline.", null, deep ? Lane.DEEP : null, null,
                "process-kills-" + run + "-" + n);
    }

    private static String path(int i) {
        return "src/main/java/kills/p" + (i / 100) + "/" + className(i) + ".java";
    }

    private static String className(int i) {
        return "Widget" + i;
    }
}
