package dev.patchlane.codebase;

import dev.patchlane.codebase.safety.Refusal;
import dev.patchlane.codebase.safety.RefusalRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * A diff need not state a file's mode, so the base tree is what says whether a path, or a directory above it, is a
 * symlink or a submodule; a checkout of "link/file" would write wherever "link" points.
 */
final class SymlinkCheck {

    private SymlinkCheck() {
    }

    static List<Refusal> refusals(ObjectReader reader, ObjectId baseTree, List<String> paths) throws IOException {
        List<Refusal> refusals = new ArrayList<>();
        for (String path : paths) {
            for (TreePaths.Entry entry : TreePaths.along(reader, baseTree, path)) {
                if (!entry.isLinkOrSubmodule()) {
                    continue;
                }
                refusals.add(entry.whole()
                        ? new Refusal(RefusalRule.SYMLINK_OR_SUBMODULE, path, "is a symlink or submodule in the repository ("
                                + entry.path() + "); symlinks and submodules may not be changed")
                        : new Refusal(RefusalRule.WRITES_THROUGH_SYMLINK, path, "writes through the symlink " + entry.path()));
                break;
            }
        }
        return refusals;
    }
}
