package dev.patchlane.sink.publish;

import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

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
            Files.writeString(temp, patch.mbox());
            try {
                // A hard link appears whole and never replaces: of two concurrent writers exactly one creates the file.
                Files.createLink(file, temp);
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
}
