package dev.patchlane.ingest.migration;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Include and exclude globs over repository-relative paths; {@code **}{@code /x} also matches {@code x} at the root. */
final class FileGlobs {

    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    FileGlobs(List<String> include, List<String> exclude) {
        this.include = include.stream().flatMap(FileGlobs::matchers).toList();
        this.exclude = exclude.stream().flatMap(FileGlobs::matchers).toList();
    }

    private static Stream<PathMatcher> matchers(String glob) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        return glob.startsWith("**/")
                ? Stream.of(matcher, FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)))
                : Stream.of(matcher);
    }

    boolean matches(String path) {
        Path candidate = Path.of(path);
        return (include.isEmpty() || include.stream().anyMatch(m -> m.matches(candidate)))
                && exclude.stream().noneMatch(m -> m.matches(candidate));
    }
}
