package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.CodebaseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Scratch directories for attempts, {@code <root>/<label>-<random>}, each with a lock file beside it that its owner holds
 * an exclusive lock on for as long as it is open; a directory whose lock nobody holds belongs to a dead process.
 */
public final class Workspaces {

    static final String LOCK_SUFFIX = ".lock";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,39}-[0-9a-f]{16}");
    private static final int MAX_LABEL = 40;
    private static final SecureRandom RANDOM = new SecureRandom();
    // Closing any channel on a file drops every POSIX lock this process holds on it, so a lock file this JVM holds is
    // never opened a second time, whichever Workspaces instance holds it.
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path root;

    /** Creates the root directory if it is missing. */
    public Workspaces(Path root) {
        try {
            Files.createDirectories(root);
            // Real path, so that one lock file has one key in HELD however the root was spelt.
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new CodebaseException("cannot create the workspace root " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** A new, empty directory, locked until the workspace is closed. */
    public Workspace create(String label) {
        String prefix = sanitise(label);
        for (int attempt = 0; ; attempt++) {
            String name = prefix + "-" + HexFormat.of().formatHex(randomBytes());
            Workspace workspace = tryCreate(name);
            if (workspace != null) {
                return workspace;
            }
            if (attempt >= 10) {
                throw new CodebaseException("cannot create a workspace under " + root + ": every name tried was taken");
            }
        }
    }

    /**
     * Deletes every workspace under the root whose lock no live process holds (its owner was killed, or closing it failed
     * half-way), and leaves those held by this or another process alone.
     *
     * A workspace it cannot delete is left for the next start, so that one undeletable tree never stops a worker.
     *
     * @return how many workspace directories it deleted
     */
    public int cleanStale() {
        int removed = 0;
        for (String name : workspaceNames()) {
            Path lockFile = root.resolve(name + LOCK_SUFFIX);
            if (HELD.contains(lockFile)) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    continue;
                }
                Path directory = root.resolve(name);
                if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                    DeleteTree.delete(directory);
                    removed++;
                }
                // Removed while still locked, so that no creator can take this name between the unlock and the delete.
                Files.deleteIfExists(lockFile);
            } catch (IOException | CodebaseException e) {
                System.getLogger(Workspaces.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot remove the stale workspace " + root.resolve(name) + ", left for the next start: " + e.getMessage());
            }
        }
        return removed;
    }

    private Set<String> workspaceNames() {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String workspace = name.endsWith(LOCK_SUFFIX) ? name.substring(0, name.length() - LOCK_SUFFIX.length()) : name;
                if (NAME.matcher(workspace).matches()) {
                    names.add(workspace);
                }
            }
        } catch (IOException e) {
            throw new CodebaseException("cannot list the workspace root " + root + ": " + e.getMessage(), e);
        }
        return names;
    }

    private Workspace tryCreate(String name) {
        Path lockFile = root.resolve(name + LOCK_SUFFIX);
        Path directory = root.resolve(name);
        if (!HELD.add(lockFile)) {
            return null;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            HELD.remove(lockFile);
            return null;
        } catch (IOException e) {
            HELD.remove(lockFile);
            throw new CodebaseException("cannot create the lock file " + lockFile + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = tryLock(channel);
            // Another process's cleanStale may have locked and deleted the new lock file before this lock was taken.
            if (lock == null || !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                closeQuietly(channel);
                HELD.remove(lockFile);
                return null;
            }
            // For whoever reads the root: which process holds it.
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            Files.createDirectory(directory);
            return new Workspace(directory, lockFile, channel);
        } catch (IOException e) {
            deleteQuietly(lockFile);
            closeQuietly(channel);
            HELD.remove(lockFile);
            if (e instanceof FileAlreadyExistsException) {
                return null;
            }
            throw new CodebaseException("cannot create the workspace " + directory + ": " + e.getMessage(), e);
        }
    }

    static void released(Path lockFile) {
        HELD.remove(lockFile);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing only releases the lock, which the failure being reported already lost.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A lock file nobody holds is removed by the next cleanStale.
        }
    }

    // The label only names the directory for people reading the root; it can never make a path of its own.
    static String sanitise(String label) {
        String cleaned = label == null ? "" : label.replaceAll("[^A-Za-z0-9._-]", "-");
        cleaned = cleaned.replaceFirst("^[.-]+", "");
        if (cleaned.length() > MAX_LABEL) {
            cleaned = cleaned.substring(0, MAX_LABEL);
        }
        return cleaned.isEmpty() ? "workspace" : cleaned;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
