package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.safety.PathRules;
import dev.patchlane.codebase.safety.Refusal;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an untrusted repository path into a file of the checkout: it must pass the path rules patches pass, may not be or
 * lie below a symlink or submodule of the repository, and, on disk, may not pass through a symlink or leave the root.
 */
final class PathGuard {

    private final Path root;
    // Folded, as a case-insensitive file system would take "Link/x" for "link/x", to the spelling of the tree.
    private final Map<String, String> skippedPaths = new HashMap<>();

    /** @param root the checkout's directory, as its real path */
    PathGuard(Path root, List<String> skippedPaths) {
        this.root = root;
        skippedPaths.forEach(path -> this.skippedPaths.putIfAbsent(PathRules.fold(path), path));
    }

    /** A file to read; reading configuration is harmless, so only the structural rules apply, bar the one on {@code .gitmodules}. */
    Path forReading(String path) {
        return resolve(path, PathRules.structural(path).filter(refusal -> refusal.rule() != RefusalRule.SUBMODULE_CONFIG));
    }

    /** A file to create, replace or delete: the policy's protected paths apply too, and every parent must be a directory. */
    Path forWriting(String path, SafetyPolicy policy) {
        Path file = resolve(path, PathRules.check(path, policy));
        String[] segments = path.split("/");
        Path parent = root;
        for (int i = 0; i < segments.length - 1; i++) {
            parent = parent.resolve(segments[i]);
            if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(RefusalRule.PATH_CLASH, path, "a file and a directory would share the path "
                        + String.join("/", List.of(segments).subList(0, i + 1)));
            }
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(RefusalRule.PATH_CLASH, path, "is a directory, not a file");
        }
        return file;
    }

    /** A directory to list or search; {@code ""} is the checkout's root. */
    Path directory(String directory) {
        return directory != null && directory.isEmpty() ? root : forReading(directory);
    }

    /** Whether the path is, or lies below, a symlink or submodule that was not checked out. */
    boolean isSkipped(String path) {
        return skippedAt(path).isPresent();
    }

    /**
     * Another spelling of the path, already in the checkout, that a case-insensitive file system (macOS, Windows) would
     * take for the same file, if there is one.
     */
    Optional<String> caseTwin(String path) throws IOException {
        Path directory = root;
        String prefix = "";
        for (String segment : path.split("/")) {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            String exact = null;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (name.equals(segment)) {
                        exact = name;
                    } else if (PathRules.fold(name).equals(PathRules.fold(segment))) {
                        return Optional.of(prefix + name);
                    }
                }
            }
            if (exact == null) {
                return Optional.empty();
            }
            directory = directory.resolve(exact);
            prefix = prefix + exact + "/";
        }
        return Optional.empty();
    }

    private Path resolve(String path, Optional<Refusal> ruleBroken) {
        if (ruleBroken.isPresent()) {
            throw new WorkspacePathException(ruleBroken.get());
        }
        skippedAt(path).ifPresent(skipped -> {
            throw PathRules.fold(path).equals(PathRules.fold(skipped))
                    ? refused(RefusalRule.SYMLINK_OR_SUBMODULE, path, "is a symlink or submodule in the repository, "
                            + "which is not checked out and may not be changed")
                    : refused(RefusalRule.WRITES_THROUGH_SYMLINK, path, "lies below the symlink or submodule " + skipped
                            + " of the repository");
        });
        try {
            String[] segments = path.split("/");
            Path file = root;
            for (int i = 0; i < segments.length; i++) {
                file = file.resolve(segments[i]);
                if (Files.isSymbolicLink(file)) {
                    throw i == segments.length - 1
                            ? refused(RefusalRule.SYMLINK_OR_SUBMODULE, path, "is a symlink in the workspace")
                            : refused(RefusalRule.WRITES_THROUGH_SYMLINK, path, "passes through the symlink "
                                    + String.join("/", List.of(segments).subList(0, i + 1)) + " in the workspace");
                }
            }
            // The rules above already keep the path in; this holds even if they had missed a spelling.
            Path existing = file;
            while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (!file.normalize().startsWith(root) || !existing.toRealPath().startsWith(root)) {
                throw refused(RefusalRule.OUTSIDE_REPOSITORY, path, "leaves the workspace");
            }
            return file;
        } catch (InvalidPathException e) {
            throw refused(RefusalRule.UNNORMALISED_PATH, path, "is not a path this file system can hold");
        } catch (IOException e) {
            throw new CodebaseException("cannot resolve " + path + " in " + root + ": " + e.getMessage(), e);
        }
    }

    private Optional<String> skippedAt(String path) {
        if (skippedPaths.isEmpty()) {
            return Optional.empty();
        }
        String folded = PathRules.fold(path);
        for (int slash = folded.indexOf('/'); slash > 0; slash = folded.indexOf('/', slash + 1)) {
            String above = skippedPaths.get(folded.substring(0, slash));
            if (above != null) {
                return Optional.of(above);
            }
        }
        return Optional.ofNullable(skippedPaths.get(folded));
    }

    static WorkspacePathException refused(RefusalRule rule, String path, String detail) {
        return new WorkspacePathException(new Refusal(rule, path, detail));
    }
}
