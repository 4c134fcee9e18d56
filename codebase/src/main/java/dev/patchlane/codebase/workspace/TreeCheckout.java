package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.safety.PathRules;
import dev.patchlane.codebase.safety.RefusalRule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes a tree's regular and executable files into an empty directory, reading blobs through a reader only, so the mirror
 * gets no work tree, no index and no write.
 */
final class TreeCheckout {

    private TreeCheckout() {
    }

    /** @return the paths not written, sorted: symlinks, submodules, and names no tool call could name */
    static List<String> write(ObjectReader reader, ObjectId tree, Path root) throws IOException {
        List<String> skipped = new ArrayList<>();
        Set<String> foldedSkipped = new HashSet<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                String path = walk.getPathString();
                FileMode mode = walk.getFileMode(0);
                // A symlink could point out of the workspace, and a submodule is another repository; neither is written.
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE || unsafe(path) || below(foldedSkipped, path)) {
                    skipped.add(path);
                    foldedSkipped.add(PathRules.fold(path));
                    continue;
                }
                Path file = root.resolve(path).normalize();
                if (!file.startsWith(root) || file.equals(root)) {
                    skipped.add(path);
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
                }
                if (mode == FileMode.EXECUTABLE_FILE) {
                    FileModes.set(file, mode);
                }
            }
        }
        return skipped.stream().sorted().toList();
    }

    // A hostile tree can hold names git itself refuses to check out ("..", ".git", "a\\b"); .gitmodules is only data here.
    private static boolean unsafe(String path) {
        return PathRules.structural(path).filter(refusal -> refusal.rule() != RefusalRule.SUBMODULE_CONFIG).isPresent();
    }

    // A case-insensitive file system would write "Link/x" through a symlink "link"; the guard refuses such paths, so they are not written either.
    private static boolean below(Set<String> foldedSkipped, String path) {
        String folded = PathRules.fold(path);
        for (int slash = folded.indexOf('/'); slash > 0; slash = folded.indexOf('/', slash + 1)) {
            if (foldedSkipped.contains(folded.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }
}
