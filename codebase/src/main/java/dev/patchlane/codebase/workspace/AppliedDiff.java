package dev.patchlane.codebase.workspace;

import java.util.List;

/**
 * A diff applied to a checkout's files.
 *
 * @param paths the paths it created, changed or deleted, sorted
 */
public record AppliedDiff(List<String> paths) {

    public AppliedDiff {
        paths = List.copyOf(paths);
    }
}
