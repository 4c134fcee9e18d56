package dev.patchlane.ingest.github;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Repository files named in free text: tokens shaped like a relative path with a file extension. */
final class PathMentions {

    private static final Pattern PATH = Pattern.compile("(?<![\\w./-])((?:[\\w-][\\w.-]{0,100}/){0,30}[\\w-][\\w.-]{0,100}\\.[A-Za-z0-9]{1,10})(?![\\w/])");
    private static final Pattern UNSAFE = Pattern.compile("(^|/)\\.\\.?(/|$)|(^|/)\\.git(/|$)", Pattern.CASE_INSENSITIVE);

    private PathMentions() {
    }

    static List<String> in(String text, int limit) {
        Set<String> paths = new LinkedHashSet<>();
        Matcher matcher = PATH.matcher(text);
        while (matcher.find() && paths.size() < limit) {
            String candidate = matcher.group(1);
            if (!UNSAFE.matcher(candidate).find() && !candidate.contains("..") && !looksLikeHost(candidate)) {
                paths.add(candidate);
            }
        }
        return List.copyOf(paths);
    }

    /** {@code github.com} or {@code e.g.} read as file names would send a job to the wrong file. */
    private static boolean looksLikeHost(String candidate) {
        return !candidate.contains("/") && candidate.matches("(?i)[a-z0-9-]+\\.(com|org|net|io|dev|e\\.g|i\\.e)");
    }
}
