package dev.patchlane.ingest.migration;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Include and exclude globs over repository-relative paths. */
final class FileGlobs {

    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    FileGlobs(List<String> include, List<String> exclude) {
        this.include = include.stream().flatMap(FileGlobs::matchers).toList();
        this.exclude = exclude.stream().flatMap(FileGlobs::matchers).toList();
    }

    /** Java's {@code **}{@code /} needs at least one directory; as in git and most tools it should also match none. */
    private static Stream<PathMatcher> matchers(String glob) {
        Stream<String> variants = Stream.of(glob, glob.replace("/**/", "/"), glob.startsWith("**/") ? glob.substring(3) : glob);
        return variants.distinct().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
    }

    boolean matches(String path) {
        Path candidate = Path.of(path);
        return (include.isEmpty() || include.stream().anyMatch(m -> m.matches(candidate)))
                && exclude.stream().noneMatch(m -> m.matches(candidate));
    }
}
