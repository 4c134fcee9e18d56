package dev.patchlane.codebase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A job's repository is any git URL or a local path; this tells the two apart. */
public final class RepositoryLocation {

    private RepositoryLocation() {
    }

    /** The local directory of the repository, when it names one that exists. */
    public static Optional<Path> localPath(String repository) {
        if (repository.contains("://") || repository.matches("^[\\w.-]+@[\\w.-]+:.*")) {
            return repository.startsWith("file://") ? existing(Path.of(java.net.URI.create(repository))) : Optional.empty();
        }
        return existing(Path.of(repository));
    }

    static String toUri(String repository) {
        return localPath(repository).map(p -> p.toAbsolutePath().toUri().toString()).orElse(repository);
    }

    private static Optional<Path> existing(Path path) {
        return Files.isDirectory(path) ? Optional.of(path.toAbsolutePath().normalize()) : Optional.empty();
    }
}
