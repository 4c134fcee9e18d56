package dev.patchlane.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Hands a workspace tree to the sandbox's unprivileged uid so that its commands can write there, and only there: it is
 * the only writable host path they see. We are root, so a chown is the simplest grant that needs no ACL support.
 */
final class WorkspaceOwner {

    private WorkspaceOwner() {
    }

    static void handOver(Path root, int uid, int gid) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                chown(dir, uid, gid, false);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                chown(file, uid, gid, !attributes.isDirectory());
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // never follows links (lchown), and leaves hard-linked files alone: their other name may be a host file outside
    private static void chown(Path path, int uid, int gid, boolean mayBeHardLinked) throws IOException {
        Map<String, Object> owner = Files.readAttributes(path, "unix:uid,gid,nlink", LinkOption.NOFOLLOW_LINKS);
        if (mayBeHardLinked && !Files.isSymbolicLink(path) && (Integer) owner.get("nlink") > 1) {
            return;
        }
        if ((Integer) owner.get("uid") != uid) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if ((Integer) owner.get("gid") != gid) {
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
