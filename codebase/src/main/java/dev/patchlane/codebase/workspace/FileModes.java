package dev.patchlane.codebase.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;

/** A file's git mode on disk: executable when its owner may execute it, as git itself reads it. */
final class FileModes {

    private FileModes() {
    }

    static FileMode of(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        boolean executable = view == null ? Files.isExecutable(file)
                : view.readAttributes().permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        return executable ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
    }

    /** Gives execute permission to whoever may read the file, or takes it from everyone. */
    static void set(Path file, FileMode mode) throws IOException {
        boolean executable = mode == FileMode.EXECUTABLE_FILE;
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            file.toFile().setExecutable(executable);
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(view.readAttributes().permissions());
        Set<PosixFilePermission> before = EnumSet.copyOf(permissions);
        toggle(permissions, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE, executable);
        toggle(permissions, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE, executable);
        toggle(permissions, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE, executable);
        if (!permissions.equals(before)) {
            view.setPermissions(permissions);
        }
    }

    private static void toggle(Set<PosixFilePermission> permissions, PosixFilePermission read, PosixFilePermission execute,
            boolean executable) {
        if (executable && permissions.contains(read)) {
            permissions.add(execute);
        } else if (!executable) {
            permissions.remove(execute);
        }
    }
}
