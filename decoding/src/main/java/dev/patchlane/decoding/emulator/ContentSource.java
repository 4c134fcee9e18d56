package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.prompt.Task;
import java.util.Optional;

/** A way for the emulator to produce a real answer to a task; empty when this source has nothing to say. */
public interface ContentSource {

    Optional<Content> answer(Task task, String lane);
}
