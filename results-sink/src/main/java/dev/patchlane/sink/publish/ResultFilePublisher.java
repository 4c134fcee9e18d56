package dev.patchlane.sink.publish;

import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.prepare.PreparedResult;
import java.nio.file.Path;

/**
 * Writes a structured result as {@code <job id>.json}, the document itself and nothing else, next to the patch files;
 * an existing file is the earlier delivery's.
 */
public final class ResultFilePublisher implements ResultPublisher {

    public static final String NAME = "result-file";

    private final Path directory;

    public ResultFilePublisher(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    @Override
    public PublicationTarget publish(PreparedResult result) {
        String name = result.outcome().job().id() + ".json";
        boolean created = CreateOnceFile.write(directory, name, result.file());
        return new PublicationTarget(NAME, created ? PublishEffect.CREATED : PublishEffect.ALREADY_PUBLISHED, directory.resolve(name).toString(),
                null, null);
    }
}
