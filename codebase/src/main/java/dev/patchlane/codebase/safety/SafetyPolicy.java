package dev.patchlane.codebase.safety;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * What one repository lets patches do beyond the rules no policy can lift (leaving the repository, {@code .git/},
 * {@code .gitmodules}, symlinks and submodules).
 *
 * @param allowExecutable whether a patch may create an executable file or make one executable
 * @param allowBinary whether binary patches are accepted; JGit must still be able to apply them
 * @param allowedProtectedPaths glob patterns, with the semantics of the default file system's {@code glob:}
 *     {@link PathMatcher} ({@code *} stays within a directory, {@code **} crosses directories), naming protected paths
 *     (CI, tooling, CODEOWNERS …) that patches may change; they match the path exactly as the patch writes it, so a case
 *     variant of an allowed path stays protected
 * @param maxFiles the most file sections a patch may hold
 * @param maxChangedLines the most added plus removed lines a patch may hold
 * @param maxPatchBytes the largest patch, in UTF-8 bytes, and the largest file a binary patch may produce
 * @param scanSecrets whether added lines are scanned for credentials, a hit refusing the patch
 */
public record SafetyPolicy(boolean allowExecutable, boolean allowBinary, List<String> allowedProtectedPaths, int maxFiles,
        int maxChangedLines, long maxPatchBytes, boolean scanSecrets) {

    public SafetyPolicy {
        allowedProtectedPaths = allowedProtectedPaths == null ? List.of() : List.copyOf(allowedProtectedPaths);
        if (maxFiles < 0 || maxChangedLines < 0 || maxPatchBytes < 0) {
            throw new IllegalArgumentException("size caps may not be negative: files " + maxFiles + ", lines " + maxChangedLines
                    + ", bytes " + maxPatchBytes);
        }
        // A mistyped glob fails where the configuration is read, not on the first patch that reaches it.
        allowedProtectedPaths.forEach(SafetyPolicy::matcher);
    }

    public static SafetyPolicy defaults() {
        return new SafetyPolicy(false, false, List.of(), 50, 5000, 1_048_576, true);
    }

    /** Whether one of the allowed globs names this repository-relative path. */
    public boolean allowsProtected(String path) {
        Path candidate;
        try {
            candidate = Path.of(path);
        } catch (InvalidPathException e) {
            return false;
        }
        return allowedProtectedPaths.stream().anyMatch(glob -> matcher(glob).matches(candidate));
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a glob: " + glob + " (" + e.getMessage() + ")", e);
        }
    }
}
