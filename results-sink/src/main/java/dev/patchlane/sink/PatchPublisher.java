package dev.patchlane.sink;

import dev.patchlane.codebase.AppliedPatch;
import dev.patchlane.codebase.CommitMessage;
import dev.patchlane.codebase.GitPublisher;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.RepositoryLocation;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Publication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Publishes a ready patch: re-applies it to the commit it was made against, commits it on the job's deterministic
 * branch in the job's repository when that is local, and writes a {@code git am}-able patch file. Every step first
 * looks for its own earlier effect, so a redelivered outcome creates nothing new.
 */
public final class PatchPublisher {

    private static final java.time.Duration STALE_LOCK_AGE = java.time.Duration.ofSeconds(20);

    private final RepositoryCache repositories;
    private final Path patchDir;
    private final java.util.Map<Path, Object> repositoryLocks = new java.util.concurrent.ConcurrentHashMap<>();

    public PatchPublisher(RepositoryCache repositories, Path patchDir) {
        this.repositories = repositories;
        this.patchDir = patchDir;
    }

    public Publication publish(Outcome outcome) {
        Job job = outcome.job();
        Snapshot snapshot = repositories.snapshot(job.repository(), outcome.baseCommit());
        AppliedPatch applied = snapshot.apply(outcome.patch());
        CommitMessage message = message(outcome);
        String commit = GitPublisher.commit(applied, message, outcome.finishedAt());
        String branch = JobIds.branchName(job.kind(), job.id());

        Optional<Path> local = RepositoryLocation.localPath(job.repository());
        String publishedBranch = null;
        if (local.isPresent()) {
            // One writer per repository in this process: concurrent pushes into one repository contend for its locks.
            synchronized (repositoryLocks.computeIfAbsent(local.get(), path -> new Object())) {
                Optional<String> existing = GitPublisher.branchHead(local.get(), branch);
                if (existing.isPresent()) {
                    commit = existing.get();
                } else {
                    GitPublisher.pushBranch(snapshot, commit, local.get(), branch, STALE_LOCK_AGE);
                }
            }
            publishedBranch = branch;
        }
        Path patchFile = writeOnce(patchDir.resolve(job.id() + ".patch"), GitPublisher.emailPatch(applied, commit, message, outcome.finishedAt()));
        return new Publication(Publication.SCHEMA_VERSION, job.id(), job.kind(), job.repository(), publishedBranch,
                publishedBranch == null ? null : commit, patchFile.toAbsolutePath().toString(), Instant.now());
    }

    private static CommitMessage message(Outcome outcome) {
        Job job = outcome.job();
        DecoderInfo decoder = outcome.decoder();
        // Paths are validated, but a subject line must never carry a line break into the mbox headers.
        String subject = ("patchlane: " + job.kind().slug() + " " + job.targetPaths().get(0)
                + (job.targetPaths().size() > 1 ? " and " + (job.targetPaths().size() - 1) + " more" : ""))
                .replaceAll("\\p{Cntrl}", " ");
        String body = outcome.summary() + "\n\n"
                + "Patchlane-Job: " + job.id() + "\n"
                + "Patchlane-Lane: " + outcome.lane() + " (attempt " + outcome.routed().attempt() + ")\n"
                + "Patchlane-Decoder: " + decoder.name() + ", " + decoder.model() + ", content " + decoder.contentSource()
                + (decoder.emulated() ? " (emulated: no real model produced this change)" : "") + "\n";
        return new CommitMessage(subject, body);
    }

    private static Path writeOnce(Path file, String content) {
        if (Files.exists(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
