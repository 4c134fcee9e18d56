package dev.patchlane.worker;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Where the decoder emulator takes scripted answers from. */
@ConfigMapping(prefix = "patchlane.emulator")
public interface EmulatorConfig {

    /** A JSON script of answers for demos and tests (see {@code ScriptedContent}); none by default. */
    Optional<Path> script();
}
