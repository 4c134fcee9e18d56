package dev.patchlane.ingest.github;

import java.util.Arrays;

/** Whether a path named in untrusted text may become a job's target: relative, inside the repository, not under .git. */
final class SafePaths {

    private SafePaths() {
    }

    static boolean isSafe(String path) {
        return path != null && !path.isEmpty() && path.length() <= 1024 && !path.startsWith("/") && !path.contains("\\")
                && Arrays.stream(path.split("/", -1)).noneMatch(s -> s.isEmpty() || s.equals("..") || s.equals(".") || s.equalsIgnoreCase(".git"))
                && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
