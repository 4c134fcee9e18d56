package dev.patchlane.sink.publish;

import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.nio.charset.StandardCharsets;
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
        String name = patch.outcome().job().id() + ".patch";
        boolean created = CreateOnceFile.write(directory, name, patch.mbox().getBytes(StandardCharsets.UTF_8));
        return new PublicationTarget(NAME, created ? PublishEffect.CREATED : PublishEffect.ALREADY_PUBLISHED, directory.resolve(name).toString(),
                null, null);
    }
}
