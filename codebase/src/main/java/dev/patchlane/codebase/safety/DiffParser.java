package dev.patchlane.codebase.safety;

import dev.patchlane.codebase.PatchRejectedException;
import java.util.List;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.Patch;

/** Reads a unified diff with JGit, turning whatever it cannot read into a {@link RefusalRule#MALFORMED} refusal. */
final class DiffParser {

    private DiffParser() {
    }

    static Patch parse(byte[] diff) {
        Patch patch = new Patch();
        try {
            patch.parse(diff, 0, diff.length);
        } catch (RuntimeException e) {
            // The input is untrusted, so a parser failure on it is a bad patch, not a bug of this service.
            throw new PatchRejectedException(Refusal.of(RefusalRule.MALFORMED, "JGit cannot read the diff (" + e.getClass().getSimpleName() + ")"));
        }
        List<Refusal> errors = patch.getErrors().stream()
                .filter(error -> error.getSeverity() == FormatError.Severity.ERROR)
                .map(error -> Refusal.of(RefusalRule.MALFORMED, "malformed diff: " + error.getMessage()))
                .toList();
        if (!errors.isEmpty()) {
            throw new PatchRejectedException(errors);
        }
        if (patch.getFiles().isEmpty()) {
            throw new PatchRejectedException(Refusal.of(RefusalRule.MALFORMED, "the text holds no diff file sections"));
        }
        return patch;
    }
}
