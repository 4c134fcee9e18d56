package dev.patchlane.codebase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.errors.DirCacheNameConflictException;
import org.eclipse.jgit.lib.FileMode;
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
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

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

    /**
     * Visits the snapshot's regular files directory by directory: each call gets one directory's files (not those of its
     * subdirectories), in path order, so a caller can group by directory while holding one directory at a time.
     */
    public void forEachDirectory(BiConsumer<String, List<String>> visitor) {
        try (RevWalk walk = new RevWalk(repository)) {
            visitDirectory("", walk.parseCommit(commit).getTree(), visitor);
        } catch (IOException e) {
            throw new CodebaseException("cannot list files at " + commit.name() + " in " + location + ": " + e.getMessage(), e);
        }
    }

    private void visitDirectory(String directory, ObjectId tree, BiConsumer<String, List<String>> visitor)
            throws IOException {
        List<String> files = new ArrayList<>();
        List<String> subdirectoryNames = new ArrayList<>();
        List<ObjectId> subdirectoryTrees = new ArrayList<>();
        try (TreeWalk treeWalk = new TreeWalk(repository)) {
            treeWalk.addTree(tree);
            treeWalk.setRecursive(false);
            while (treeWalk.next()) {
                String path = directory.isEmpty() ? treeWalk.getPathString() : directory + "/" + treeWalk.getPathString();
                FileMode mode = treeWalk.getFileMode(0);
                if (mode == FileMode.TREE) {
                    subdirectoryNames.add(path);
                    subdirectoryTrees.add(treeWalk.getObjectId(0));
                } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    files.add(path);
                }
            }
        }
        if (!files.isEmpty()) {
            visitor.accept(directory, files);
        }
        for (int i = 0; i < subdirectoryNames.size(); i++) {
            visitDirectory(subdirectoryNames.get(i), subdirectoryTrees.get(i), visitor);
        }
    }

    /**
     * The files added or modified on {@code head} since it forked from this snapshot (their merge base), as a pull
     * request shows them; deleted files are left out.
     */
    public List<String> changedFilesUpTo(Snapshot head, int limit) {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(commit));
            walk.markStart(walk.parseCommit(head.commit));
            RevCommit mergeBase = walk.next();
            RevTree from = mergeBase == null ? null : walk.parseCommit(mergeBase).getTree();
            walk.reset();
            walk.setRevFilter(RevFilter.ALL);
            RevTree to = walk.parseCommit(head.commit).getTree();
            List<String> changed = new ArrayList<>();
            try (TreeWalk treeWalk = new TreeWalk(repository)) {
                treeWalk.setRecursive(true);
                if (from == null) {
                    treeWalk.addTree(new EmptyTreeIterator());
                } else {
                    treeWalk.addTree(from);
                }
                treeWalk.addTree(to);
                treeWalk.setFilter(TreeFilter.ANY_DIFF);
                while (treeWalk.next() && changed.size() < limit) {
                    FileMode mode = treeWalk.getFileMode(1);
                    if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                        changed.add(treeWalk.getPathString());
                    }
                }
            }
            return changed;
        } catch (IOException e) {
            throw new CodebaseException("cannot compare " + commit.name() + " with " + head.commit.name() + " in " + location + ": "
                    + e.getMessage(), e);
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
            PatchApplier.Result result;
            try {
                result = new PatchApplier(repository, base.getTree(), inserter).applyPatch(patch);
            } catch (DirCacheNameConflictException e) {
                throw new PatchRejectedException(List.of(e.getMessage() + ": a file and a directory would share a path"));
            }
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
                if (isLinkOrSubmodule(path, tree)) {
                    problems.add(path + ": symlinks and submodules may not be changed");
                    continue;
                }
                // A checkout of "link/file" where "link" is a symlink would write wherever the link points.
                for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                    String parent = path.substring(0, slash);
                    if (isLinkOrSubmodule(parent, tree)) {
                        problems.add(path + ": writes through the symlink " + parent);
                        break;
                    }
                }
            }
        }
        return problems;
    }

    private boolean isLinkOrSubmodule(String path, RevTree tree) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, tree)) {
            if (walk == null) {
                return false;
            }
            FileMode mode = walk.getFileMode(0);
            return mode == FileMode.SYMLINK || mode == FileMode.GITLINK;
        }
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
