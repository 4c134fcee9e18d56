package dev.patchlane.codebase.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jgit.lib.FileMode;

/** Writes and deletes files of a checkout whose paths the {@link PathGuard} has passed. */
final class DiskFiles {

    private DiskFiles() {
    }

    /** Creates or replaces the file, creating its parents; {@code mode} null keeps an existing file's mode. */
    static void write(Path file, byte[] content, FileMode mode) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(content);
        }
        if (mode != null) {
            FileModes.set(file, mode);
        }
    }

    /** Deletes the file, then every directory above it, up to the root, that this left empty, as git does. */
    static void delete(Path root, Path file) throws IOException {
        Files.delete(file);
        for (Path directory = file.getParent(); directory != null && !directory.equals(root) && directory.startsWith(root);
                directory = directory.getParent()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                if (entries.iterator().hasNext()) {
                    return;
                }
            }
            Files.delete(directory);
        }
    }
}
