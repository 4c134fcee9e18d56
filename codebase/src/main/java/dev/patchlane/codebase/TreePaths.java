package dev.patchlane.codebase;

import dev.patchlane.codebase.safety.PathRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Looks a path up in a tree the way a case-insensitive file system would: every entry along the path whose name matches
 * a segment once {@link PathRules#fold folded}, so that "Link/x" finds a symlink "link" that macOS would write through.
 */
final class TreePaths {

    /**
     * An entry met on the way down.
     *
     * @param path its path in the tree, as the tree spells it
     * @param mode its mode
     * @param whole whether it is the path looked up (rather than a directory above it)
     */
    record Entry(String path, FileMode mode, boolean whole) {

        boolean isLinkOrSubmodule() {
            return mode == FileMode.SYMLINK || mode == FileMode.GITLINK;
        }
    }

    private TreePaths() {
    }

    static List<Entry> along(ObjectReader reader, ObjectId tree, String path) throws IOException {
        String[] segments = path.split("/");
        List<Entry> found = new ArrayList<>();
        List<ObjectId> level = List.of(tree);
        List<String> prefixes = List.of("");
        for (int i = 0; i < segments.length && !level.isEmpty(); i++) {
            String wanted = PathRules.fold(segments[i]);
            boolean whole = i == segments.length - 1;
            List<ObjectId> next = new ArrayList<>();
            List<String> nextPrefixes = new ArrayList<>();
            for (int t = 0; t < level.size(); t++) {
                CanonicalTreeParser entries = new CanonicalTreeParser(null, reader, level.get(t));
                for (; !entries.eof(); entries.next(1)) {
                    String name = entries.getEntryPathString();
                    if (!PathRules.fold(name).equals(wanted)) {
                        continue;
                    }
                    String entryPath = prefixes.get(t) + name;
                    FileMode mode = entries.getEntryFileMode();
                    found.add(new Entry(entryPath, mode, whole));
                    if (mode == FileMode.TREE) {
                        next.add(entries.getEntryObjectId());
                        nextPrefixes.add(entryPath + "/");
                    }
                }
            }
            level = next;
            prefixes = nextPrefixes;
        }
        return found;
    }
}
