package dev.patchlane.codebase;

import dev.patchlane.codebase.safety.PatchValidator;
import dev.patchlane.codebase.safety.Refusal;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.codebase.safety.ValidatedPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
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

    /** Applies a unified diff in memory under the default safety policy; the result's tree holds the patched files. */
    public AppliedPatch apply(String unifiedDiff) {
        return apply(unifiedDiff, SafetyPolicy.defaults());
    }

    /**
     * Applies a unified diff in memory; the result's tree holds the patched files.
     *
     * @throws PatchRejectedException naming every rule the patch breaks, before or after applying
     */
    public AppliedPatch apply(String unifiedDiff, SafetyPolicy policy) {
        ValidatedPatch validated = PatchValidator.validate(unifiedDiff, policy);
        try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = inserter.newReader()) {
            RevTree base = walk.parseCommit(commit).getTree();
            rejectIfAny(SymlinkCheck.refusals(reader, base, validated.declaredPaths()));
            PatchApplier.Result result = UntrustedPatches.apply(repository, base, inserter, validated);
            if (!result.getErrors().isEmpty()) {
                throw new PatchRejectedException(result.getErrors().stream()
                        .map(error -> Refusal.of(RefusalRule.DOES_NOT_APPLY, error.toString())).toList());
            }
            if (result.getTreeId().equals(base.getId())) {
                throw new PatchRejectedException(Refusal.of(RefusalRule.CHANGES_NOTHING, "the patch changes nothing"));
            }
            rejectIfAny(AppliedTreeCheck.refusals(reader, base, result.getTreeId(), result.getPaths(), validated.declaredPaths(), policy));
            inserter.flush();
            return new AppliedPatch(this, result.getTreeId(), result.getPaths());
        } catch (IOException e) {
            throw new CodebaseException("cannot apply patch in " + location + ": " + e.getMessage(), e);
        }
    }

    private static void rejectIfAny(List<Refusal> refusals) {
        if (!refusals.isEmpty()) {
            throw new PatchRejectedException(refusals);
        }
    }
}
