package dev.patchlane.decoding.emulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The emulator's content sources in the order it asks them: a script when given, then the deterministic fixers. */
public final class ContentSources {

    private ContentSources() {
    }

    public static List<ContentSource> standard(Optional<Path> script) {
        List<ContentSource> sources = new ArrayList<>();
        script.ifPresent(file -> sources.add(ScriptedContent.load(file)));
        sources.add(new LintFixer());
        sources.add(new MigrationRewriter());
        return List.copyOf(sources);
    }
}
