package dev.patchlane.sink.publish;

import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes the patch as {@code <job id>.patch}, a {@code git am}-able mbox; an existing file is the earlier delivery's. */
public final class PatchFilePublisher implements Publisher {

    public static final String NAME = "patch-file";

    private final Path directory;

    public PatchFilePublisher(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    @Override
    public PublicationTarget publish(PreparedPatch patch) {
        Path file = directory.resolve(patch.outcome().job().id() + ".patch");
        if (Files.exists(file)) {
            return new PublicationTarget(NAME, PublishEffect.ALREADY_PUBLISHED, file.toString(), null, null);
        }
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            // On disk before the link makes it visible: an empty file would otherwise count as published forever.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(patch.mbox().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                // A hard link appears whole and never replaces: of two concurrent writers exactly one creates the file.
                Files.createLink(file, temp);
                syncDirectory();
                return new PublicationTarget(NAME, PublishEffect.CREATED, file.toString(), null, null);
            } catch (FileAlreadyExistsException raced) {
                return new PublicationTarget(NAME, PublishEffect.ALREADY_PUBLISHED, file.toString(), null, null);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
