package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.codebase.safety.Diffs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Real repositories for checkout tests, their commits written entry by entry so that they can hold what a file system
 * write would not give (a submodule, a symlink to /etc), and seen through a {@link RepositoryCache} mirror as jobs see them.
 */
final class TestRepos {

    /** One tree entry: its mode and content (a symlink's target, or any commit id for a submodule). */
    record Entry(FileMode mode, byte[] content) {

        static Entry text(String content) {
            return new Entry(FileMode.REGULAR_FILE, content.getBytes(StandardCharsets.UTF_8));
        }

        static Entry executable(String content) {
            return new Entry(FileMode.EXECUTABLE_FILE, content.getBytes(StandardCharsets.UTF_8));
        }

        static Entry symlink(String target) {
            return new Entry(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8));
        }

        static Entry submodule() {
            return new Entry(FileMode.GITLINK, "0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A repository of every kind of entry a checkout meets. */
    static Map<String, Entry> standard() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        entries.put("README.md", Entry.text("# Demo\nhello world\n"));
        entries.put("src/Main.java", Entry.text("class Main {\n    // NOTE: greet\n}\n"));
        entries.put("src/util/Text.java", Entry.text("class Text {\n    // NOTE: trim\n}\n"));
        entries.put("bin/run.sh", Entry.executable("#!/bin/sh\necho hi\n"));
        entries.put("assets/logo.png", new Entry(FileMode.REGULAR_FILE, Diffs.LOGO));
        entries.put("big.txt", Entry.text("x".repeat(99) + "\n" + ("line\n").repeat(1000)));
        entries.put("nonl.txt", Entry.text("no newline at the end"));
        entries.put("docs/guide.md", Entry.text("guide\n"));
        entries.put("docs/empty.txt", Entry.text(""));
        entries.put(".github/workflows/ci.yml", Entry.text("on: push\n"));
        entries.put("link", Entry.symlink("README.md"));
        entries.put("escape", Entry.symlink("/etc"));
        entries.put("vendor/lib", Entry.submodule());
        return entries;
    }

    private TestRepos() {
    }

    /** The repository under {@code dir}/origin.git at main, through a mirror cache under {@code dir}/cache. */
    static Snapshot snapshot(Path dir, Map<String, Entry> entries) throws IOException, GitAPIException {
        Path origin = create(dir.resolve("origin.git"), entries);
        return new RepositoryCache(dir.resolve("cache"), Duration.ofMinutes(5)).snapshot(origin.toString(), "main");
    }

    /** Writes a tree the way no git client would, to see what a hostile repository gets out of a checkout. */
    interface TreeWriter {
        ObjectId write(ObjectInserter inserter) throws IOException;
    }

    static Snapshot snapshot(Path dir, TreeWriter tree) throws IOException, GitAPIException {
        Path origin = create(dir.resolve("origin.git"), tree);
        return new RepositoryCache(dir.resolve("cache"), Duration.ofMinutes(5)).snapshot(origin.toString(), "main");
    }

    static Path create(Path dir, Map<String, Entry> entries) throws IOException, GitAPIException {
        return create(dir, inserter -> {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, Entry> entry : entries.entrySet()) {
                DirCacheEntry file = new DirCacheEntry(entry.getKey());
                file.setFileMode(entry.getValue().mode());
                file.setObjectId(entry.getValue().mode() == FileMode.GITLINK
                        ? ObjectId.fromString(new String(entry.getValue().content(), StandardCharsets.US_ASCII))
                        : inserter.insert(Constants.OBJ_BLOB, entry.getValue().content()));
                builder.add(file);
            }
            builder.finish();
            return index.writeTree(inserter);
        });
    }

    static Path create(Path dir, TreeWriter tree) throws IOException, GitAPIException {
        try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call();
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            Repository repository = git.getRepository();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree.write(inserter));
            PersonIdent ident = new PersonIdent("t", "t@example.com");
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("initial\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef("refs/heads/main");
            update.setNewObjectId(id);
            update.forceUpdate();
        }
        return dir;
    }
}
