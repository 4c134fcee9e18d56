package dev.patchlane.sink.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file that is created once and never replaced: the content goes to a temporary file and to disk first, then
 * a hard link gives it its name. Of any number of concurrent writers, in one process or many, exactly one creates it;
 * an existing file is an earlier writer's, whole.
 */
final class CreateOnceFile {

    private CreateOnceFile() {
    }

    /** @return true when this call created {@code directory/name}, false when it already existed */
    static boolean write(Path directory, String name, byte[] content) {
        Path file = directory.resolve(name);
        if (Files.exists(file)) {
            return false;
        }
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, name, ".tmp");
            // On disk before the link makes it visible: an empty file would otherwise count as published forever.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                // A hard link appears whole and never replaces: of two concurrent writers exactly one creates the file.
                Files.createLink(file, temp);
                syncDirectory(directory);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
