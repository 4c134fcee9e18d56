package dev.patchlane.codebase;

import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A patch applied in memory to a snapshot.
 *
 * @param base the snapshot it was applied to
 * @param tree the resulting tree
 * @param paths the paths it changed
 */
public record AppliedPatch(Snapshot base, ObjectId tree, List<String> paths) {

    public AppliedPatch {
        paths = List.copyOf(paths);
    }
}
