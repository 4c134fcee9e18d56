package dev.patchlane.codebase.safety;

import java.util.List;
import org.eclipse.jgit.patch.Patch;

/**
 * A parsed patch that passed every check that needs no repository.
 *
 * @param patch the parsed patch, ready for JGit's {@code PatchApplier}
 * @param declaredPaths every path its file sections name, old and new, in order; applying it may write no other
 * @param binary whether it holds binary file sections, whose data only applying can decode
 */
public record ValidatedPatch(Patch patch, List<String> declaredPaths, boolean binary) {

    public ValidatedPatch {
        declaredPaths = List.copyOf(declaredPaths);
    }
}
