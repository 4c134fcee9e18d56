package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.UntrustedPatches;
import dev.patchlane.codebase.safety.PathRules;
import dev.patchlane.codebase.safety.PatchValidator;
import dev.patchlane.codebase.safety.Refusal;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.codebase.safety.ValidatedPatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.patch.PatchApplier;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Applies a diff to a checkout's current files: JGit's {@link PatchApplier} applies it in memory to a tree of the files it
 * names, read from disk into a throw-away in-memory repository, so it applies exactly as {@code Snapshot.apply} would; the
 * files are written only once it applied and passed every check.
 */
final class DiskPatch {

    private record Written(String path, FileMode before, FileMode after, ObjectId blob) {
    }

    private DiskPatch() {
    }

    static AppliedDiff apply(String unifiedDiff, SafetyPolicy policy, Path root, PathGuard guard) throws IOException {
        ValidatedPatch validated = PatchValidator.validate(unifiedDiff, policy);
        Map<String, Path> files = new LinkedHashMap<>();
        List<Refusal> refusals = new ArrayList<>();
        for (String path : validated.declaredPaths()) {
            try {
                files.put(path, guard.forWriting(path, policy));
            } catch (WorkspacePathException e) {
                refusals.add(e.refusal());
            }
        }
        rejectIfAny(refusals);
        try (InMemoryRepository scratch = new InMemoryRepository(new DfsRepositoryDescription("checkout"));
                ObjectInserter inserter = scratch.newObjectInserter(); ObjectReader reader = inserter.newReader();
                RevWalk walk = new RevWalk(reader)) {
            ObjectId before = currentTree(files, inserter);
            // PatchApplier looks paths up through the repository's own reader, which sees only flushed objects.
            inserter.flush();
            RevTree beforeTree = walk.parseTree(before);
            PatchApplier.Result result = UntrustedPatches.apply(scratch, beforeTree, inserter, validated);
            if (!result.getErrors().isEmpty()) {
                throw new PatchRejectedException(result.getErrors().stream()
                        .map(error -> Refusal.of(RefusalRule.DOES_NOT_APPLY, error.toString())).toList());
            }
            if (result.getTreeId().equals(before)) {
                throw new PatchRejectedException(Refusal.of(RefusalRule.CHANGES_NOTHING, "the patch changes nothing"));
            }
            inserter.flush();
            List<Written> written = written(reader, before, result.getTreeId());
            rejectIfAny(refusals(written, result.getPaths(), validated.declaredPaths(), policy, guard));
            for (Written file : written) {
                if (file.after() == FileMode.MISSING) {
                    DiskFiles.delete(root, files.get(file.path()));
                } else {
                    DiskFiles.write(files.get(file.path()), reader.open(file.blob(), Constants.OBJ_BLOB).getBytes(), file.after());
                }
            }
            return new AppliedDiff(written.stream().map(Written::path).sorted().toList());
        }
    }

    private static ObjectId currentTree(Map<String, Path> files, ObjectInserter inserter) throws IOException {
        DirCache cache = DirCache.newInCore();
        DirCacheBuilder builder = cache.builder();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            if (Files.isRegularFile(file.getValue(), LinkOption.NOFOLLOW_LINKS)) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileModes.of(file.getValue()));
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, GitDiffWriter.readWithoutFollowing(file.getValue())));
                builder.add(entry);
            }
        }
        builder.finish();
        return cache.writeTree(inserter);
    }

    private static List<Written> written(ObjectReader reader, ObjectId before, ObjectId after) throws IOException {
        List<Written> written = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(before);
            walk.addTree(after);
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                written.add(new Written(walk.getPathString(), walk.getFileMode(0), walk.getFileMode(1), walk.getObjectId(1)));
            }
        }
        return written;
    }

    // What Snapshot.apply checks on the tree it produced, checked here on what would be written.
    private static List<Refusal> refusals(List<Written> written, List<String> reported, List<String> declared, SafetyPolicy policy,
            PathGuard guard) throws IOException {
        List<Refusal> refusals = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>(reported);
        for (Written file : written) {
            checked.add(file.path());
            if (file.after() == FileMode.SYMLINK || file.after() == FileMode.GITLINK) {
                refusals.add(new Refusal(RefusalRule.SYMLINK_OR_SUBMODULE, file.path(), "would be a symlink or submodule after applying"));
            } else if (file.after() == FileMode.EXECUTABLE_FILE && file.before() != FileMode.EXECUTABLE_FILE && !policy.allowExecutable()) {
                refusals.add(new Refusal(RefusalRule.EXECUTABLE_MODE, file.path(), "would be executable after applying"));
            }
            if (file.before() == FileMode.MISSING && file.after() != FileMode.MISSING) {
                guard.caseTwin(file.path()).ifPresent(twin -> refusals.add(new Refusal(RefusalRule.PATH_CLASH, file.path(),
                        "and " + twin + " would be one file where case is ignored (macOS, Windows)")));
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


    private static void rejectIfAny(List<Refusal> refusals) {
        if (!refusals.isEmpty()) {
            throw new PatchRejectedException(refusals);
        }
    }
}
