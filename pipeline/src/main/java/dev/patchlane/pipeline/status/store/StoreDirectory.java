package dev.patchlane.pipeline.status.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A status store's directory, held by a file lock beside it for as long as this process uses it: a second process
 * configured with the same directory is refused instead of wiping a live store, and the directories of processes that
 * died (their lock is free) are removed when the next process starts.
 */
public final class StoreDirectory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreDirectory.class);
    private static final String LOCK_SUFFIX = ".lock";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims a configured directory; refused while another process (or another store in this one) holds it. */
    public static StoreDirectory claim(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
            FileChannel channel = FileChannel.open(lockFile(absolute), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("the status store directory " + absolute + " is in use by another process; "
                        + "give each process its own patchlane.status.store-dir");
            }
            return new StoreDirectory(absolute, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the status store directory " + absolute, e);
        }
    }

    /** A new directory under {@code parent}, after removing the directories there that no live process holds. */
    public static StoreDirectory fresh(Path parent) {
        removeStale(parent);
        return claim(parent.resolve(UUID.randomUUID().toString()));
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
            Files.deleteIfExists(lockFile(path));
        } catch (IOException e) {
            LOG.warnf("cannot release the lock of %s: %s", path, e.getMessage());
        }
    }

    private static void removeStale(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                try (FileChannel channel = FileChannel.open(lockFile(child), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = tryLock(channel);
                    if (lock == null) {
                        continue;
                    }
                    deleteTree(child);
                    lock.release();
                }
                Files.deleteIfExists(lockFile(child));
                LOG.infof("removed the status store %s of a process that is gone", child);
            }
        } catch (IOException e) {
            LOG.warnf("cannot remove stale status stores under %s: %s", parent, e.getMessage());
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static Path lockFile(Path directory) {
        return directory.resolveSibling(directory.getFileName() + LOCK_SUFFIX);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
