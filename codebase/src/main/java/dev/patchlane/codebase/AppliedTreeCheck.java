package dev.patchlane.codebase;

import dev.patchlane.codebase.safety.PathRules;
import dev.patchlane.codebase.safety.Refusal;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The paths are checked again on what applying produced, not on what the diff said: every path JGit reports written and
 * every path whose entry differs between the trees must pass the path rules, be one the patch declared, and end up
 * neither a link nor, unless allowed, newly executable, nor one file with another on a case-insensitive file system.
 */
final class AppliedTreeCheck {

    private AppliedTreeCheck() {
    }

    static List<Refusal> refusals(ObjectReader reader, ObjectId baseTree, ObjectId resultTree, List<String> reported,
            List<String> declared, SafetyPolicy policy) throws IOException {
        List<Refusal> refusals = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>(reported);
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(new CanonicalTreeParser(null, reader, baseTree));
            walk.addTree(new CanonicalTreeParser(null, reader, resultTree));
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                String path = walk.getPathString();
                checked.add(path);
                modeProblem(path, walk.getFileMode(0), walk.getFileMode(1), policy).ifPresent(refusals::add);
                if (walk.getFileMode(0) == FileMode.MISSING && walk.getFileMode(1) != FileMode.MISSING) {
                    caseClash(reader, resultTree, path).ifPresent(refusals::add);
                }
            }
        }
        for (String path : checked) {
            PathRules.check(path, policy).ifPresent(refusals::add);
            if (!declared.contains(path)) {
                refusals.add(new Refusal(RefusalRule.UNDECLARED_PATH, path, "was written though no file section of the patch names it"));
            }
        }
        return refusals;
    }

    private static Optional<Refusal> modeProblem(String path, FileMode before, FileMode after, SafetyPolicy policy) {
        if (after == FileMode.SYMLINK || after == FileMode.GITLINK) {
            return Optional.of(new Refusal(RefusalRule.SYMLINK_OR_SUBMODULE, path, "would be a symlink or submodule after applying"));
        }
        if (after == FileMode.EXECUTABLE_FILE && before != FileMode.EXECUTABLE_FILE && !policy.allowExecutable()) {
            return Optional.of(new Refusal(RefusalRule.EXECUTABLE_MODE, path, "would be executable after applying"));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> caseClash(ObjectReader reader, ObjectId resultTree, String path) throws IOException {
        return TreePaths.along(reader, resultTree, path).stream()
                .filter(entry -> entry.whole() && !entry.path().equals(path))
                .findFirst()
                .map(other -> new Refusal(RefusalRule.PATH_CLASH, path, "and " + other.path()
                        + " would be one file where case is ignored (macOS, Windows)"));
    }
}
