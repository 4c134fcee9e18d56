package dev.patchlane.codebase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.Patch;

/**
 * Patches are untrusted: they may not leave the repository, touch {@code .git/}, submodules, symlinks or CI workflows.
 */
public final class PatchPolicy {

    private static final List<String> PROTECTED_PREFIXES = List.of(".github/workflows/", ".github/actions/", ".gitlab-ci", ".gitlab/",
            ".circleci/", ".buildkite/", "jenkinsfile", "azure-pipelines", ".travis.yml");

    private PatchPolicy() {
    }

    public static List<String> violations(Patch patch) {
        List<String> problems = new ArrayList<>();
        for (FileHeader file : patch.getFiles()) {
            for (String path : pathsOf(file)) {
                pathProblem(path).ifPresent(problems::add);
            }
            if (isLinkOrSubmodule(file.getNewMode()) || isLinkOrSubmodule(file.getOldMode())) {
                problems.add(file.getNewPath() + ": symlinks and submodules may not be changed");
            }
            if (file.getPatchType() != FileHeader.PatchType.UNIFIED) {
                problems.add(file.getNewPath() + ": binary patches are not accepted");
            }
        }
        return problems;
    }

    /** Why a repository-relative path may not be written, if it may not. */
    public static java.util.Optional<String> pathProblem(String path) {
        String normalised = path.replace('\\', '/');
        String lower = normalised.toLowerCase(Locale.ROOT);
        if (normalised.isEmpty() || normalised.startsWith("/") || normalised.matches("^[A-Za-z]:.*")) {
            return java.util.Optional.of(path + ": not a repository-relative path");
        }
        for (String segment : normalised.split("/", -1)) {
            if (segment.equals("..")) {
                return java.util.Optional.of(path + ": leaves the repository");
            }
        }
        for (String segment : normalised.split("/", -1)) {
            // "a/./b" and "a//b" name the same file as "a/b", so no check on the written form can be trusted.
            if (segment.isEmpty() || segment.equals(".")) {
                return java.util.Optional.of(path + ": not a normalised path");
            }
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                return java.util.Optional.of(path + ": inside .git");
            }
        }
        if (lower.equals(".gitmodules") || lower.endsWith("/.gitmodules")) {
            return java.util.Optional.of(path + ": submodule configuration is protected");
        }
        for (String prefix : PROTECTED_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return java.util.Optional.of(path + ": CI configuration is protected");
            }
        }
        return java.util.Optional.empty();
    }

    private static List<String> pathsOf(FileHeader file) {
        List<String> paths = new ArrayList<>();
        if (file.getChangeType() != DiffEntry.ChangeType.ADD) {
            paths.add(file.getOldPath());
        }
        if (file.getChangeType() != DiffEntry.ChangeType.DELETE) {
            paths.add(file.getNewPath());
        }
        return paths;
    }

    private static boolean isLinkOrSubmodule(FileMode mode) {
        return mode != null && (mode == FileMode.SYMLINK || mode == FileMode.GITLINK);
    }
}
