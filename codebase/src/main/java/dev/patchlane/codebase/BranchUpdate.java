package dev.patchlane.codebase;

import dev.patchlane.codebase.RemoteBranches.BranchPush;
import dev.patchlane.contracts.PublishEffect;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Moves the bot's existing branch onto a re-run's patch without rewriting anything: the new commit is a merge whose
 * first parent is the branch's current head and second the new base, whose tree is the new base with the new patch.
 * The ref moves only by a compare-and-swap from the head that was read (a lease on that exact commit), and only when
 * every commit above the new base is the bot's for this job; a person's commit leaves the branch alone.
 */
public final class BranchUpdate {

    private static final int ROUNDS = 4;
    private static final Duration STALE_LOCK_AGE = Duration.ofSeconds(20);

    private BranchUpdate() {
    }

    /**
     * Puts {@code preparedCommitId} (the re-run's patch as a commit on {@code newBase}) onto {@code branch}, the
     * branch of job {@code publishedJobId}.
     */
    public static BranchPush update(Snapshot newBase, String preparedCommitId, String remoteUrl, String branch, String publishedJobId,
            Optional<CredentialsProvider> credentials) {
        String ref = "refs/heads/" + branch;
        RepositoryLocation.localPath(remoteUrl).ifPresent(dir -> GitPublisher.removeStaleLocks(dir, branch, STALE_LOCK_AGE));
        Repository mirror = newBase.repository();
        String lastRefusal = null;
        for (int round = 0; round < ROUNDS; round++) {
            Optional<ObjectId> remoteHead = fetch(mirror, remoteUrl, branch, credentials);
            if (remoteHead.isEmpty()) {
                return new BranchPush(PublishEffect.LEFT_ALONE, null,
                        "the branch " + branch + " is gone from " + Redacted.url(remoteUrl) + "; a re-run never creates it again");
            }
            ObjectId head = remoteHead.get();
            ObjectId merge;
            try (RevWalk walk = new RevWalk(mirror)) {
                RevCommit current = walk.parseCommit(head);
                RevCommit prepared = walk.parseCommit(ObjectId.fromString(preparedCommitId));
                RevCommit base = walk.parseCommit(newBase.commit());
                // This update made earlier, or one for a newer base: putting this older base's patch on top would go back.
                if (walk.isMergedInto(base, current)) {
                    return new BranchPush(PublishEffect.ALREADY_PUBLISHED, head.name(),
                            "the branch already contains the base " + base.abbreviate(10).name() + " (this update or a newer one)");
                }
                walk.reset();
                List<String> others = BotCommits.foreign(mirror, head, base, publishedJobId);
                if (!others.isEmpty()) {
                    return new BranchPush(PublishEffect.LEFT_ALONE, head.name(),
                            "the branch holds " + BotCommits.describe(others) + "; left alone, not updated");
                }
                merge = merge(mirror, prepared, current, base, publishedJobId);
            } catch (IOException e) {
                throw new CodebaseException("cannot inspect " + ref + " from " + Redacted.url(remoteUrl) + ": " + e.getMessage(), e);
            }
            RemoteRefUpdate update;
            try {
                // The lease is on the head just read: anyone's push in between makes this a refusal, never an overwrite.
                update = RemoteBranches.update(mirror, remoteUrl, merge.name(), ref, head, credentials);
            } catch (CodebaseException e) {
                lastRefusal = e.getMessage();
                RemoteBranches.pause(round);
                continue;
            }
            switch (update.getStatus()) {
                case OK:
                    return new BranchPush(PublishEffect.UPDATED, merge.name(), "branch updated from " + head.abbreviate(10).name()
                            + " to " + merge.abbreviate(10).name() + " (a merge of the new base " + newBase.commit().abbreviate(10).name() + ")");
                case UP_TO_DATE:
                    return new BranchPush(PublishEffect.ALREADY_PUBLISHED, merge.name(), null);
                case REJECTED_REMOTE_CHANGED:
                case REJECTED_OTHER_REASON:
                case REJECTED_NONFASTFORWARD:
                    lastRefusal = update.getStatus() + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")");
                    RemoteBranches.pause(round);
                    continue;
                default:
                    throw new CodebaseException("update of " + branch + " in " + Redacted.url(remoteUrl) + " refused: " + update.getStatus()
                            + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
            }
        }
        throw new CodebaseException("could not update the branch " + branch + " in " + Redacted.url(remoteUrl) + " after " + ROUNDS
                + " tries; last error: " + lastRefusal);
    }

    /** Deterministic: the same head, base and prepared commit always make the same merge commit. */
    private static ObjectId merge(Repository mirror, RevCommit prepared, RevCommit head, RevCommit base, String publishedJobId)
            throws IOException {
        CommitBuilder builder = new CommitBuilder();
        builder.setTreeId(prepared.getTree());
        builder.setParentIds(head, base);
        builder.setAuthor(prepared.getAuthorIdent());
        builder.setCommitter(prepared.getCommitterIdent());
        builder.setMessage(prepared.getFullMessage().stripTrailing() + "\nPatchlane-Rebase-Of: " + publishedJobId + "\nPatchlane-Base: "
                + base.name() + "\n");
        try (ObjectInserter inserter = mirror.newObjectInserter()) {
            ObjectId id = inserter.insert(builder);
            inserter.flush();
            return id;
        }
    }

    /** The branch's head in the remote, its objects fetched into the mirror; empty when the branch does not exist. */
    static Optional<ObjectId> fetch(Repository mirror, String remoteUrl, String branch, Optional<CredentialsProvider> credentials) {
        String ref = "refs/heads/" + branch;
        Optional<ObjectId> head = RemoteBranches.head(mirror, remoteUrl, ref, credentials);
        if (head.isEmpty()) {
            return head;
        }
        String inspected = "refs/patchlane/inspect/" + branch;
        try (Transport transport = RemoteBranches.open(mirror, remoteUrl, credentials)) {
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + ref + ":" + inspected)));
            // What was fetched, which is newer than what was listed if the branch moved in between.
            return Optional.ofNullable(mirror.exactRef(inspected)).map(org.eclipse.jgit.lib.Ref::getObjectId);
        } catch (IOException e) {
            throw new CodebaseException("cannot fetch " + ref + " from " + Redacted.url(remoteUrl) + ": " + e.getMessage(), e);
        }
    }
}
