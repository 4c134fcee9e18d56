package dev.patchlane.codebase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

final class TestRepositories {

    private TestRepositories() {
    }

    /** A repository of {@code files} under {@code dir}/repo, seen through a mirror cache under {@code dir}/cache at main. */
    static Snapshot snapshot(Path dir, Map<String, String> files) throws IOException, GitAPIException {
        Path repo = create(dir.resolve("repo"), files);
        return new RepositoryCache(dir.resolve("cache"), java.time.Duration.ofMinutes(5)).snapshot(repo.toString(), "main");
    }

    static Path create(Path dir, Map<String, String> files) throws IOException, GitAPIException {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("initial").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
        return dir;
    }
}
