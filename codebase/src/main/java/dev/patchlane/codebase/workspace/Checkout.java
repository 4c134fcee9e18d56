package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.AppliedPatch;
import dev.patchlane.codebase.Checkouts;
import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A workspace holding a snapshot's files (or a patched tree's), for an agent to read and edit and for checks to run in.
 * Every path a method takes is untrusted, as a model's tool call names it, and passes the path rules patches pass; a
 * refusal is a {@link WorkspacePathException} naming the rule. Not for use by several threads at once.
 */
public final class Checkout implements AutoCloseable {

    /** The most characters of a line a {@link SearchHit} carries. */
    public static final int MAX_HIT_CHARS = 200;
    /** Files larger than this are not searched: they are generated or data, and one would hold up every search. */
    public static final long MAX_SEARCHED_FILE_BYTES = 1024 * 1024;

    private final Snapshot base;
    private final ObjectId baseTree;
    private final Workspace workspace;
    private final Path root;
    private final List<String> skippedPaths;
    private final PathGuard guard;

    private Checkout(Snapshot base, ObjectId baseTree, Workspace workspace, Path root, List<String> skippedPaths) {
        this.base = base;
        this.baseTree = baseTree;
        this.workspace = workspace;
        this.root = root;
        this.skippedPaths = skippedPaths;
        this.guard = new PathGuard(root, skippedPaths);
    }

    /**
     * Writes the snapshot's files into the empty workspace, which the checkout then owns (and closes, also when this
     * fails).
     */
    public static Checkout of(Snapshot snapshot, Workspace workspace) {
        return materialise(snapshot, null, workspace);
    }

    /** Writes the patched tree's files, so that checks can run on them; {@link #diff()} is against the patch's base. */
    public static Checkout of(AppliedPatch patch, Workspace workspace) {
        return materialise(patch.base(), patch.tree(), workspace);
    }

    private static Checkout materialise(Snapshot base, ObjectId tree, Workspace workspace) {
        try (ObjectReader reader = Checkouts.newReader(base); RevWalk walk = new RevWalk(reader)) {
            if (!workspace.isOpen()) {
                throw new IllegalStateException("the workspace " + workspace + " is closed");
            }
            Path root = workspace.directory().toRealPath();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                if (entries.iterator().hasNext()) {
                    throw new IllegalStateException("the workspace " + workspace + " is not empty");
                }
            }
            ObjectId baseTree = walk.parseCommit(ObjectId.fromString(base.commitId())).getTree();
            List<String> skipped = TreeCheckout.write(reader, tree == null ? baseTree : tree, root);
            return new Checkout(base, baseTree, workspace, root, skipped);
        } catch (IOException | RuntimeException e) {
            workspace.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CodebaseException("cannot check out " + base.commitId() + " into " + workspace + ": " + e.getMessage(), e);
        }
    }

    /** The directory holding the files, for the sandbox to bind. */
    public Path directory() {
        return root;
    }

    /** The commit the checkout's files, and its {@link #diff()}, start from. */
    public String baseCommit() {
        return base.commitId();
    }

    /** The repository's symlinks and submodules, and names no path rule lets through, none of which was written; sorted. */
    public List<String> skippedPaths() {
        return skippedPaths;
    }

    /**
     * The file's current text, or empty when there is no such file.
     *
     * @throws WorkspacePathException for a refused path, a directory, a binary file or one over {@code maxBytes}
     */
    public Optional<String> read(String path, int maxBytes) {
        requireOpen();
        Path file = guard.forReading(path);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw PathGuard.refused(RefusalRule.PATH_CLASH, path, Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                        ? "is a directory, not a file; list it instead" : "is not a regular file");
            }
            byte[] content;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                content = in.readNBytes((int) Math.min((long) maxBytes + 1, Integer.MAX_VALUE - 8));
            }
            if (content.length > maxBytes) {
                throw PathGuard.refused(RefusalRule.TOO_LARGE, path, "is " + Files.size(file) + " bytes, more than the "
                        + maxBytes + " bytes a read may return");
            }
            if (RawText.isBinary(content)) {
                throw PathGuard.refused(RefusalRule.BINARY_PATCH, path, "is binary; only text files can be read");
            }
            return Optional.of(new String(content, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure("read " + path, e);
        }
    }

    /** The paths of the files under a directory ({@code ""} for all), in path order, at most {@code limit} of them. */
    public List<String> list(String directory, int limit) {
        requireOpen();
        Path start = guard.directory(directory);
        List<String> paths = new ArrayList<>();
        if (limit <= 0) {
            return paths;
        }
        try {
            SortedWalk.walk(root, start, guard::isSkipped, (path, file, attributes) -> {
                paths.add(path);
                return paths.size() < limit;
            });
        } catch (IOException e) {
            throw failure("list " + directory, e);
        }
        return paths;
    }

    /**
     * The lines holding {@code literal} in the text files under a directory ({@code ""} for all), in path and line order,
     * at most {@code maxHits} of them; binary files and files over {@value #MAX_SEARCHED_FILE_BYTES} bytes are passed over.
     */
    public List<SearchHit> search(String literal, String directory, int maxHits) {
        requireOpen();
        if (literal == null || literal.isEmpty()) {
            throw new IllegalArgumentException("the text to search for is empty");
        }
        Path start = guard.directory(directory);
        List<SearchHit> hits = new ArrayList<>();
        if (maxHits <= 0) {
            return hits;
        }
        try {
            SortedWalk.walk(root, start, guard::isSkipped, (path, file, attributes) -> {
                if (attributes.size() > MAX_SEARCHED_FILE_BYTES) {
                    return true;
                }
                byte[] content = GitDiffWriter.readWithoutFollowing(file);
                if (RawText.isBinary(content)) {
                    return true;
                }
                String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
                for (int i = 0; i < lines.length && hits.size() < maxHits; i++) {
                    int at = lines[i].indexOf(literal);
                    if (at >= 0) {
                        hits.add(new SearchHit(path, i + 1, window(stripCarriageReturn(lines[i]), at)));
                    }
                }
                return hits.size() < maxHits;
            });
        } catch (IOException e) {
            throw failure("search " + directory, e);
        }
        return hits;
    }

    /**
     * Creates or replaces a file with the text, creating its parent directories; an existing file keeps its mode.
     *
     * @throws WorkspacePathException for a refused or protected path, a path where a directory is or through a file, a
     *     new spelling of an existing path where case is ignored, binary content the policy refuses, or content over the
     *     policy's byte cap
     */
    public void write(String path, String content, SafetyPolicy policy) {
        requireOpen();
        Objects.requireNonNull(content, "content");
        Path file = guard.forWriting(path, policy);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > policy.maxPatchBytes()) {
            throw PathGuard.refused(RefusalRule.TOO_LARGE, path, "the content is " + bytes.length + " bytes, more than the limit of "
                    + policy.maxPatchBytes());
        }
        if (!policy.allowBinary() && RawText.isBinary(bytes)) {
            throw PathGuard.refused(RefusalRule.BINARY_PATCH, path, "the content is binary, which the policy does not accept");
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw PathGuard.refused(RefusalRule.PATH_CLASH, path, "is not a regular file");
                }
                Optional<String> twin = guard.caseTwin(path);
                if (twin.isPresent()) {
                    throw PathGuard.refused(RefusalRule.PATH_CLASH, path, "and " + twin.get()
                            + " would be one file where case is ignored (macOS, Windows)");
                }
            }
            DiskFiles.write(file, bytes, null);
        } catch (IOException e) {
            throw failure("write " + path, e);
        }
    }

    /**
     * Deletes a file, and the directories above it that this leaves empty.
     *
     * @throws WorkspacePathException for a refused or protected path, a directory, or a file that does not exist
     */
    public void delete(String path, SafetyPolicy policy) {
        requireOpen();
        Path file = guard.forWriting(path, policy);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw PathGuard.refused(RefusalRule.DOES_NOT_APPLY, path, "does not exist");
        }
        try {
            DiskFiles.delete(root, file);
        } catch (IOException e) {
            throw failure("delete " + path, e);
        }
    }

    /**
     * Applies a unified diff to the current files, after every check {@code Snapshot.apply} makes; on a refusal no file
     * has changed.
     *
     * @throws PatchRejectedException naming every rule the diff breaks; {@link RefusalRule#DOES_NOT_APPLY} when its hunks
     *     do not match the files
     */
    public AppliedDiff applyDiff(String unifiedDiff, SafetyPolicy policy) {
        requireOpen();
        try {
            return DiskPatch.apply(unifiedDiff, policy, root, guard);
        } catch (IOException e) {
            throw failure("apply a diff", e);
        }
    }

    /**
     * The changes against the base commit as one git-style diff, sections in path order, which {@code Snapshot.apply} on
     * the base snapshot turns into a tree with exactly these files (given a policy that allows what they hold); empty when
     * nothing changed. The repository's symlinks and submodules, and anything a check created below them or as a symlink,
     * are not the checkout's to change and never appear in it.
     */
    public String diff() {
        requireOpen();
        try (ObjectReader reader = Checkouts.newReader(base)) {
            return GitDiffWriter.write(WorkspaceChanges.between(reader, baseTree, root, guard::isSkipped), reader);
        } catch (IOException e) {
            throw failure("diff", e);
        }
    }

    /** The paths whose content or mode differs from the base commit, or that were added or deleted, in path order. */
    public List<String> changedPaths() {
        requireOpen();
        try (ObjectReader reader = Checkouts.newReader(base)) {
            return WorkspaceChanges.between(reader, baseTree, root, guard::isSkipped).stream().map(WorkspaceChanges.Change::path).toList();
        } catch (IOException e) {
            throw failure("compare", e);
        }
    }

    /** Deletes the files and releases the workspace. */
    @Override
    public void close() {
        workspace.close();
    }

    private void requireOpen() {
        if (!workspace.isOpen()) {
            throw new IllegalStateException("the checkout " + root + " is closed");
        }
    }

    private static String window(String line, int at) {
        if (line.length() <= MAX_HIT_CHARS) {
            return line;
        }
        int start = Math.max(0, Math.min(at - MAX_HIT_CHARS / 4, line.length() - MAX_HIT_CHARS));
        return line.substring(start, start + MAX_HIT_CHARS);
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private CodebaseException failure(String what, IOException e) {
        return new CodebaseException("cannot " + what + " in the checkout " + root + ": " + e.getMessage(), e);
    }
}
