package dev.patchlane.codebase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.patch.PatchApplier;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A repository at one commit: its files can be read and a patch applied to it, without a working tree. */
public final class Snapshot {

    private final String location;
    private final Repository repository;
    private final ObjectId commit;

    Snapshot(String location, Repository repository, ObjectId commit) {
        this.location = location;
        this.repository = repository;
        this.commit = commit;
    }

    public String commitId() {
        return commit.name();
    }

    Repository repository() {
        return repository;
    }

    ObjectId commit() {
        return commit;
    }

    /** The file's text, or empty when the path is absent, a directory, or binary. */
    public Optional<String> readText(String path) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevTree tree = walk.parseCommit(commit).getTree();
            try (TreeWalk treeWalk = TreeWalk.forPath(repository, path, tree)) {
                if (treeWalk == null || treeWalk.isSubtree()) {
                    return Optional.empty();
                }
                ObjectLoader loader = repository.open(treeWalk.getObjectId(0));
                byte[] bytes = loader.getCachedBytes(16 * 1024 * 1024);
                if (RawText.isBinary(bytes)) {
                    return Optional.empty();
                }
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            throw new CodebaseException("cannot read " + path + " at " + commit.name() + " in " + location + ": " + e.getMessage(), e);
        }
    }

    /** Applies a unified diff in memory; the result's tree holds the patched files. */
    public AppliedPatch apply(String unifiedDiff) {
        Patch patch = parse(unifiedDiff);
        List<String> policyProblems = PatchPolicy.violations(patch);
        if (!policyProblems.isEmpty()) {
            throw new PatchRejectedException(policyProblems);
        }
        try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter()) {
            RevCommit base = walk.parseCommit(commit);
            List<String> baseProblems = linksTouched(patch, base.getTree());
            if (!baseProblems.isEmpty()) {
                throw new PatchRejectedException(baseProblems);
            }
            PatchApplier.Result result = new PatchApplier(repository, base.getTree(), inserter).applyPatch(patch);
            if (!result.getErrors().isEmpty()) {
                throw new PatchRejectedException(result.getErrors().stream().map(Object::toString).toList());
            }
            inserter.flush();
            if (result.getTreeId().equals(base.getTree().getId())) {
                throw new PatchRejectedException(List.of("the patch changes nothing"));
            }
            return new AppliedPatch(this, result.getTreeId(), result.getPaths());
        } catch (IOException e) {
            throw new CodebaseException("cannot apply patch in " + location + ": " + e.getMessage(), e);
        }
    }

    // A diff need not state a file's mode, so the base tree is what says whether a path is a symlink or a submodule.
    private List<String> linksTouched(Patch patch, RevTree tree) throws IOException {
        List<String> problems = new ArrayList<>();
        for (org.eclipse.jgit.patch.FileHeader file : patch.getFiles()) {
            for (String path : new String[] {file.getOldPath(), file.getNewPath()}) {
                if (path == null || path.equals(org.eclipse.jgit.diff.DiffEntry.DEV_NULL)) {
                    continue;
                }
                try (TreeWalk walk = TreeWalk.forPath(repository, path, tree)) {
                    if (walk != null) {
                        org.eclipse.jgit.lib.FileMode mode = walk.getFileMode(0);
                        if (mode == org.eclipse.jgit.lib.FileMode.SYMLINK || mode == org.eclipse.jgit.lib.FileMode.GITLINK) {
                            problems.add(path + ": symlinks and submodules may not be changed");
                        }
                    }
                }
            }
        }
        return problems;
    }

    static Patch parse(String unifiedDiff) {
        if (unifiedDiff == null || unifiedDiff.isBlank()) {
            throw new PatchRejectedException(List.of("the patch is empty"));
        }
        Patch patch = new Patch();
        try {
            patch.parse(new ByteArrayInputStream(unifiedDiff.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new PatchRejectedException(List.of("unreadable patch: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        for (FormatError error : patch.getErrors()) {
            if (error.getSeverity() == FormatError.Severity.ERROR) {
                problems.add("malformed diff: " + error.getMessage());
            }
        }
        if (patch.getFiles().isEmpty()) {
            problems.add("the patch has no file sections");
        }
        if (!problems.isEmpty()) {
            throw new PatchRejectedException(problems);
        }
        return patch;
    }
}
