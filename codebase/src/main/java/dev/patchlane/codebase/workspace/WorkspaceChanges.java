package dev.patchlane.codebase.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The files of a checkout that differ from a tree, found by hashing every file on disk as git would. */
final class WorkspaceChanges {

    /**
     * One file that differs.
     *
     * @param path repository-relative path
     * @param oldMode its mode in the tree, or {@link FileMode#MISSING} when it is new
     * @param oldId its blob in the tree, or the zero id when it is new
     * @param newMode its mode on disk, or {@link FileMode#MISSING} when it was deleted
     * @param newId the blob its content would be, or the zero id when it was deleted
     * @param file where it is on disk, or null when it was deleted
     */
    record Change(String path, FileMode oldMode, ObjectId oldId, FileMode newMode, ObjectId newId, Path file) {

        boolean contentChanged() {
            return !oldId.equals(newId);
        }
    }

    private record Blob(FileMode mode, ObjectId id) {
    }

    private WorkspaceChanges() {
    }

    /**
     * @param ignored paths that are not the checkout's to change (symlinks and submodules of the repository, and what
     *     lies below them), on either side
     */
    static List<Change> between(ObjectReader reader, ObjectId tree, Path root, Predicate<String> ignored) throws IOException {
        Map<String, Blob> before = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                if ((mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) && !ignored.test(walk.getPathString())) {
                    before.put(walk.getPathString(), new Blob(mode, walk.getObjectId(0)));
                }
            }
        }
        Map<String, Path> after = new TreeMap<>();
        SortedWalk.walk(root, root, ignored, (path, file, attributes) -> {
            after.put(path, file);
            return true;
        });
        List<Change> changes = new ArrayList<>();
        ObjectInserter.Formatter hasher = new ObjectInserter.Formatter();
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            Blob old = before.get(path);
            Path file = after.get(path);
            FileMode oldMode = old == null ? FileMode.MISSING : old.mode();
            ObjectId oldId = old == null ? ObjectId.zeroId() : old.id();
            FileMode newMode = file == null ? FileMode.MISSING : FileModes.of(file);
            ObjectId newId = file == null ? ObjectId.zeroId() : hash(hasher, file);
            if (oldMode != newMode || !oldId.equals(newId)) {
                changes.add(new Change(path, oldMode, oldId, newMode, newId, file));
            }
        }
        return changes;
    }

    private static ObjectId hash(ObjectInserter.Formatter hasher, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return hasher.idFor(Constants.OBJ_BLOB, Files.size(file), in);
        }
    }
}
