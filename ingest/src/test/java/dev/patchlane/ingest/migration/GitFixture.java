package dev.patchlane.ingest.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** A real repository in a temporary directory, one commit of the files written to it. */
final class GitFixture {

    private final Path root;

    GitFixture(Path root) {
        this.root = root;
    }

    GitFixture file(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "// " + path + "\n", StandardCharsets.UTF_8);
        return this;
    }

    GitFixture binary(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Files.write(file, bytes);
        return this;
    }

    GitFixture symlink(String path, String target) throws IOException {
        Path link = root.resolve(path);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
        return this;
    }

    /** Commits everything and returns the repository's location. */
    String commit() throws GitAPIException {
        try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("fixture").setAuthor("Test", "test@example.com").setCommitter("Test", "test@example.com")
                    .setSign(false).call();
        }
        return root.toString();
    }
}
