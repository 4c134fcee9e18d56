package dev.patchlane.codebase.safety;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules every repository path a patch names must pass: the structural ones hold whatever the policy says, the
 * protected paths are refused unless the policy allows them.
 */
public final class PathRules {

    // Code points HFS+ ignores in names, so that ".g\u200cit" opens ".git" on macOS.
    private static final String HFS_IGNORABLE = "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
            + "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff";
    // NTFS 8.3 short names: "GIT~1" may be ".git" and "GITMOD~1" may be ".gitmodules" on Windows.
    private static final Pattern SHORT_GIT = Pattern.compile("git~[0-9]+");
    private static final Pattern SHORT_GITMODULES = Pattern.compile("gitmod~[0-9]+");
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");

    private PathRules() {
    }

    /** Why a patch may not name this path, if it may not. */
    public static Optional<Refusal> check(String path, SafetyPolicy policy) {
        Optional<Refusal> structural = structural(path);
        if (structural.isPresent()) {
            return structural;
        }
        return ProtectedPaths.what(path)
                .filter(what -> !policy.allowsProtected(path))
                .map(what -> new Refusal(RefusalRule.PROTECTED_PATH, path, "is protected: " + what
                        + " (the repository's safety policy may allow it)"));
    }

    /** Why this path is unsafe under any policy, if it is. */
    public static Optional<Refusal> structural(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of(Refusal.of(RefusalRule.MALFORMED, "a file section names no path"));
        }
        if (path.startsWith("/") || path.startsWith("\\") || DRIVE.matcher(path).lookingAt()) {
            return refuse(RefusalRule.ABSOLUTE_PATH, path, "is absolute, not relative to the repository");
        }
        String[] segments = path.split("[/\\\\]", -1);
        for (String segment : segments) {
            // Windows drops trailing spaces, so ".. " is ".." there.
            if (segment.stripTrailing().equals("..")) {
                return refuse(RefusalRule.OUTSIDE_REPOSITORY, path, "leaves the repository");
            }
        }
        for (String segment : segments) {
            String name = fold(windowsName(segment));
            if (name.equals(".git") || SHORT_GIT.matcher(name).matches()) {
                return refuse(RefusalRule.INSIDE_GIT_DIR, path, "is inside .git");
            }
        }
        String last = fold(windowsName(segments[segments.length - 1]));
        if (last.equals(".gitmodules") || SHORT_GITMODULES.matcher(last).matches()) {
            return refuse(RefusalRule.SUBMODULE_CONFIG, path, "is submodule configuration, which no policy lets a patch change");
        }
        return unnormalised(path, segments).map(why -> new Refusal(RefusalRule.UNNORMALISED_PATH, path, "is not a normalised path: " + why));
    }

    /**
     * The form two names share when a case-insensitive, normalisation-insensitive file system (macOS, Windows) would take
     * them for one file.
     */
    public static String fold(String path) {
        return Normalizer.normalize(path, Normalizer.Form.NFC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    // Every other spelling of one file makes a check on the written form meaningless, so only one spelling passes.
    private static Optional<String> unnormalised(String path, String[] segments) {
        if (path.indexOf('\\') >= 0) {
            return Optional.of("a backslash separates directories on Windows");
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return Optional.of("it has a leading, trailing or doubled slash");
            }
            if (segment.equals(".")) {
                return Optional.of("it has a '.' segment");
            }
            if (segment.endsWith(".") || segment.endsWith(" ")) {
                return Optional.of("a name ends in a dot or a space, which Windows drops");
            }
            if (segment.indexOf(':') >= 0) {
                return Optional.of("a colon names an NTFS stream on Windows");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("it holds the control character U+%04X", (int) c));
            }
            if (HFS_IGNORABLE.indexOf(c) >= 0) {
                return Optional.of("it holds a character macOS ignores in names");
            }
        }
        return Optional.empty();
    }

    // The name Windows and macOS would open: without an NTFS stream suffix, ignorable code points, trailing dots and spaces.
    private static String windowsName(String segment) {
        int colon = segment.indexOf(':');
        String name = colon >= 0 ? segment.substring(0, colon) : segment;
        StringBuilder kept = new StringBuilder(name.length());
        name.chars().filter(c -> HFS_IGNORABLE.indexOf(c) < 0).forEach(c -> kept.append((char) c));
        int end = kept.length();
        while (end > 0 && (kept.charAt(end - 1) == '.' || kept.charAt(end - 1) == ' ')) {
            end--;
        }
        return kept.substring(0, end);
    }

    private static Optional<Refusal> refuse(RefusalRule rule, String path, String detail) {
        return Optional.of(new Refusal(rule, path, detail));
    }
}
