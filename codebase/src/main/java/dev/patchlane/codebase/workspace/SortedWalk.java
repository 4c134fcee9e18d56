package dev.patchlane.codebase.workspace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Visits the regular files under a directory in the order of their paths, never following a symlink (a link is neither a
 * file nor a directory here), until the visitor asks to stop.
 */
final class SortedWalk {

    interface Visitor {
        /** @return whether to go on */
        boolean visit(String path, Path file, BasicFileAttributes attributes) throws IOException;
    }

    private record Entry(String key, String path, Path file, BasicFileAttributes attributes) {
    }

    private SortedWalk() {
    }

    /**
     * @param root the checkout's directory, which paths are relative to
     * @param start a directory at or under the root
     * @param skip paths (of files or directories) not to visit
     */
    static void walk(Path root, Path start, Predicate<String> skip, Visitor visitor) throws IOException {
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String prefix = start.equals(root) ? "" : root.relativize(start).toString().replace('\\', '/') + "/";
        walkDirectory(start, prefix, skip, visitor);
    }

    private static boolean walkDirectory(Path directory, String prefix, Predicate<String> skip, Visitor visitor) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String path = prefix + child.getFileName();
                // A directory sorts as its path plus "/", so that the walk meets paths in plain string order.
                entries.add(new Entry(attributes.isDirectory() ? path + "/" : path, path, child, attributes));
            }
        }
        entries.sort(Comparator.comparing(Entry::key));
        for (Entry entry : entries) {
            if (skip.test(entry.path())) {
                continue;
            }
            if (entry.attributes().isDirectory()) {
                if (!walkDirectory(entry.file(), entry.path() + "/", skip, visitor)) {
                    return false;
                }
            } else if (entry.attributes().isRegularFile() && !visitor.visit(entry.path(), entry.file(), entry.attributes())) {
                return false;
            }
        }
        return true;
    }
}
