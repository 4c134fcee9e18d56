package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.CodebaseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A scratch directory locked by this process; closing it deletes the directory, then releases and removes the lock. */
public final class Workspace implements AutoCloseable {

    private final Path directory;
    private final Path lockFile;
    private final FileChannel lock;
    private boolean closed;

    Workspace(Path directory, Path lockFile, FileChannel lock) {
        this.directory = directory;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    public Path directory() {
        return directory;
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            DeleteTree.delete(directory);
        } catch (IOException e) {
            failure = e;
        }
        // The lock goes even when the directory could not be deleted: a directory without a held lock is stale.
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        try {
            lock.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        } finally {
            Workspaces.released(lockFile);
        }
        if (failure != null) {
            throw new CodebaseException("cannot delete the workspace " + directory + ": " + failure.getMessage(), failure);
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
