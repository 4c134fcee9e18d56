package dev.patchlane.codebase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** Turns an applied patch into a deterministic commit and a {@code git am}-able patch text. */
public final class GitPublisher {

    static final String NAME = "patchlane";
    static final String EMAIL = "patchlane@localhost";

    private GitPublisher() {
    }

    /**
     * Writes the commit into the snapshot's mirror. Author and time are fixed by the caller, so the same patch
     * and time always give the same commit id.
     */
    public static String commit(AppliedPatch applied, CommitMessage message, Instant when) {
        Repository repository = applied.base().repository();
        PersonIdent ident = identity(when);
        CommitBuilder builder = new CommitBuilder();
        builder.setTreeId(applied.tree());
        builder.setParentId(applied.base().commit());
        builder.setAuthor(ident);
        builder.setCommitter(ident);
        builder.setMessage(message.full());
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId id = inserter.insert(builder);
            inserter.flush();
            return id.name();
        } catch (IOException e) {
            throw new CodebaseException("cannot write commit: " + e.getMessage(), e);
        }
    }

    /**
     * Removes what a writer killed mid-push leaves in a local repository, once older than {@code staleLockAge}: the lock
     * of this very branch, and pack keep-file locks.
     */
    static void removeStaleLocks(java.nio.file.Path repositoryDir, String branch, java.time.Duration staleLockAge) {
        java.nio.file.Path gitDir = java.nio.file.Files.isDirectory(repositoryDir.resolve(".git")) ? repositoryDir.resolve(".git") : repositoryDir;
        removeIfStale(gitDir.resolve("refs/heads/" + branch + ".lock"), staleLockAge);
        // A writer killed while receiving a pack leaves its keep file's lock; the same push makes the same pack name,
        // so without this every retry of that push fails with "Cannot lock pack".
        java.nio.file.Path packs = gitDir.resolve("objects/pack");
        if (java.nio.file.Files.isDirectory(packs)) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(packs)) {
                files.filter(file -> file.getFileName().toString().endsWith(".keep.lock"))
                        .forEach(file -> removeIfStale(file, staleLockAge));
            } catch (IOException e) {
                throw new CodebaseException("cannot list " + packs + ": " + e.getMessage(), e);
            }
        }
    }

    private static void removeIfStale(java.nio.file.Path lock, java.time.Duration staleLockAge) {
        try {
            if (java.nio.file.Files.exists(lock)
                    && java.nio.file.Files.getLastModifiedTime(lock).toInstant().isBefore(Instant.now().minus(staleLockAge))) {
                java.nio.file.Files.deleteIfExists(lock);
            }
        } catch (IOException e) {
            throw new CodebaseException("cannot remove the stale lock " + lock + ": " + e.getMessage(), e);
        }
    }

    /** The commit as an mbox message that {@code git am} applies. */
    public static String emailPatch(AppliedPatch applied, String commitId, CommitMessage message, Instant when) {
        Repository repository = applied.base().repository();
        ByteArrayOutputStream diff = new ByteArrayOutputStream();
        try (RevWalk walk = new RevWalk(repository); DiffFormatter formatter = new DiffFormatter(diff)) {
            RevCommit base = walk.parseCommit(applied.base().commit());
            formatter.setRepository(repository);
            formatter.format(base.getTree(), walk.parseTree(applied.tree()));
        } catch (IOException e) {
            throw new CodebaseException("cannot format patch: " + e.getMessage(), e);
        }
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC));
        return "From " + commitId + " Mon Sep 17 00:00:00 2001\n"
                + "From: " + NAME + " <" + EMAIL + ">\n"
                + "Date: " + date + "\n"
                + "Subject: [PATCH] " + message.subject() + "\n"
                + "\n"
                + message.body().strip() + "\n"
                + "---\n"
                + diff.toString(StandardCharsets.UTF_8)
                + "-- \n" + NAME + "\n\n";
    }

    private static PersonIdent identity(Instant when) {
        return new PersonIdent(NAME, EMAIL, when, TimeZone.getTimeZone("UTC").toZoneId());
    }
}
