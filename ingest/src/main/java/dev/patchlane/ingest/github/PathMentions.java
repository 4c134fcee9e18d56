package dev.patchlane.ingest.github;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Repository files named in free text: tokens shaped like a relative path with a file extension. */
final class PathMentions {

    private static final Pattern PATH = Pattern.compile("(?<![\\w./-])((?:[\\w-][\\w.-]{0,100}/){0,30}[\\w-][\\w.-]{0,100}\\.[A-Za-z0-9]{1,10})(?![\\w/])");
    /** Extensions a bare file name (no directory) must have to count: {@code Widget.render} is a method, not a file. */
    private static final java.util.Set<String> BARE_NAME_EXTENSIONS = java.util.Set.of("java", "kt", "kts", "scala", "groovy", "py",
            "js", "mjs", "ts", "tsx", "jsx", "go", "rs", "rb", "php", "c", "h", "cc", "cpp", "hpp", "cs", "swift", "m", "sh", "sql",
            "md", "txt", "rst", "json", "yaml", "yml", "toml", "xml", "html", "css", "scss", "gradle", "properties", "cfg", "ini", "lock");

    private PathMentions() {
    }

    static List<String> in(String text, int limit) {
        Set<String> paths = new LinkedHashSet<>();
        Matcher matcher = PATH.matcher(text);
        while (matcher.find() && paths.size() < limit) {
            String candidate = matcher.group(1);
            if (SafePaths.isSafe(candidate) && !candidate.contains("..") && !looksLikeHost(candidate)) {
                paths.add(candidate);
            }
        }
        return List.copyOf(paths);
    }

    /** {@code github.com}, {@code e.g.} or {@code Widget.render} read as file names would send a job to the wrong file. */
    private static boolean looksLikeHost(String candidate) {
        if (candidate.contains("/")) {
            return false;
        }
        String extension = candidate.substring(candidate.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return !BARE_NAME_EXTENSIONS.contains(extension);
    }
}
