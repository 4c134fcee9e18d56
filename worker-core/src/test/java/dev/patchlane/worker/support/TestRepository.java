package dev.patchlane.worker.support;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** A real git repository made for one test, and its snapshot at {@code main} through a real mirror cache. */
public final class TestRepository implements AutoCloseable {

    private final Path directory;
    private final RepositoryCache cache;

    private TestRepository(Path directory, RepositoryCache cache) {
        this.directory = directory;
        this.cache = cache;
    }

    public static TestRepository create(Path root, Map<String, String> files) throws IOException, GitAPIException {
        Path directory = root.resolve("repo");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = directory.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("test repository").setAuthor("test", "test@patchlane.invalid")
                    .setCommitter("test", "test@patchlane.invalid").setSign(false).call();
        }
        return new TestRepository(directory, new RepositoryCache(root.resolve("cache"), Duration.ZERO));
    }

    public String location() {
        return directory.toString();
    }

    public Path directory() {
        return directory;
    }

    public Snapshot snapshot() {
        return cache.snapshot(location(), "main");
    }

    @Override
    public void close() {
        cache.close();
    }
}
