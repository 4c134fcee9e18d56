package dev.patchlane.decoding.emulator;

import dev.patchlane.codebase.FileChange;
import dev.patchlane.codebase.UnifiedDiff;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Builds replies in the shape {@link dev.patchlane.decoding.prompt.PromptFormat} asks models for. */
final class Replies {

    private Replies() {
    }

    static String diff(String summary, String diff) {
        return summary + "\n\n```diff\n" + diff + "```\n";
    }

    static String noChange(String reason) {
        return "NO_CHANGE: " + reason + "\n";
    }

    /** Rewrites every existing file with {@code rewrite}; a diff reply when anything changed, else a no-change reply. */
    static Optional<Content> rewriteFiles(Task task, UnaryOperator<String> rewrite, String summary, String source) {
        List<FileChange> changes = new ArrayList<>();
        for (PromptFile file : task.files()) {
            if (file.content() != null) {
                changes.add(new FileChange(file.path(), file.content(), rewrite.apply(file.content())));
            }
        }
        String diff = UnifiedDiff.of(changes);
        String reply = diff.isEmpty() ? noChange("the files already satisfy the request") : diff(summary, diff);
        return Optional.of(new Content(reply, source));
    }
}
