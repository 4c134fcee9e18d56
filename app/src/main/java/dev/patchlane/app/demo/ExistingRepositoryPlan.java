package dev.patchlane.app.demo;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A demo batch for a repository the user names: lint fixes of its source files, one file per job and some in groups. */
final class ExistingRepositoryPlan {

    private static final Set<String> TEXT_EXTENSIONS = Set.of("java", "kt", "py", "js", "ts", "go", "rs", "rb", "c", "h", "cpp",
            "md", "txt", "sh", "yml", "yaml", "xml", "properties");
    private static final int GROUP_SIZE = 4;

    private ExistingRepositoryPlan() {
    }

    static DemoPlan create(Path repository, String ref, int jobCount, String runId) throws IOException {
        List<String> paths = textFiles(repository, ref);
        List<JobRequest> jobs = new ArrayList<>();
        JobSource source = new JobSource("demo", "patchlane demo", null);
        int next = 0;
        while (jobs.size() < jobCount && next < paths.size()) {
            // Every tenth job takes several files at once, which the router sends to the deep lane.
            int take = jobs.size() % 10 == 9 ? Math.min(GROUP_SIZE, paths.size() - next) : 1;
            jobs.add(new JobRequest(JobKind.LINT_FIX, null, ref, paths.subList(next, next + take),
                    "Fix the lint findings: trailing whitespace, unused imports, missing final newline.", null, null, source,
                    "demo-" + runId + "-" + (jobs.size() + 1)));
            next += take;
        }
        return new DemoPlan(repository, jobs, List.of());
    }

    private static List<String> textFiles(Path repository, String ref) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true).findGitDir(repository.toFile());
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
            var commit = repo.resolve(ref + "^{commit}");
            if (commit == null) {
                throw new IOException("ref " + ref + " not found in " + repository);
            }
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            List<String> paths = new ArrayList<>();
            while (tree.next()) {
                String path = tree.getPathString();
                int dot = path.lastIndexOf('.');
                if (dot > 0 && TEXT_EXTENSIONS.contains(path.substring(dot + 1)) && !path.startsWith(".github/")) {
                    paths.add(path);
                }
            }
            return paths;
        }
    }
}
