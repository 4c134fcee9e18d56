package dev.patchlane.codebase;

import dev.patchlane.contracts.PublishEffect;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * Puts a commit on the bot's branch in any git remote without ever overwriting anyone's work: the only ref update is a
 * compare-and-swap that creates the branch where none exists (git's {@code --force-with-lease=<ref>:} with an empty
 * expectation). A branch that exists already holds either this same change from an earlier delivery, which is kept, or
 * anything else (someone's added commits, a reset), which is left alone and named.
 */
public final class RemoteBranches {

    private static final int ROUNDS = 4;
    private static final int MAX_INSPECTED_COMMITS = 1_000;
    private static final Duration STALE_LOCK_AGE = Duration.ofSeconds(20);

    private RemoteBranches() {
    }

    /**
     * Ensures {@code branch} in the remote points at {@code commitId}, made in {@code snapshot}'s mirror on top of the
     * snapshot's commit.
     */
    public static BranchPush push(Snapshot snapshot, String commitId, String remoteUrl, String branch,
            Optional<CredentialsProvider> credentials) {
        String ref = "refs/heads/" + branch;
        RepositoryLocation.localPath(remoteUrl).ifPresent(dir -> GitPublisher.removeStaleLocks(dir, branch, STALE_LOCK_AGE));
        Repository mirror = snapshot.repository();
        ObjectId commit = ObjectId.fromString(commitId);
        String lastRefusal = null;
        for (int round = 0; round < ROUNDS; round++) {
            Optional<ObjectId> remoteHead = head(mirror, remoteUrl, ref, credentials);
            if (remoteHead.isPresent() && remoteHead.get().equals(commit)) {
                return new BranchPush(PublishEffect.ALREADY_PUBLISHED, commitId, null);
            }
            if (remoteHead.isPresent()) {
                return existing(mirror, remoteUrl, ref, remoteHead.get(), commit, snapshot.commit(), credentials);
            }
            RemoteRefUpdate update;
            try {
                // The lease is on "absent": the bot only ever creates its branch, so it can never overwrite anyone.
                update = update(mirror, remoteUrl, commitId, ref, ObjectId.zeroId(), credentials);
            } catch (CodebaseException e) {
                // A concurrent push of the same objects names the same pack and one of the two fails to lock it.
                lastRefusal = e.getMessage();
                pause(round);
                continue;
            }
            switch (update.getStatus()) {
                case OK:
                    return new BranchPush(PublishEffect.CREATED, commitId, null);
                case UP_TO_DATE:
                    return new BranchPush(PublishEffect.ALREADY_PUBLISHED, commitId, null);
                case REJECTED_REMOTE_CHANGED:
                case REJECTED_OTHER_REASON:
                case REJECTED_NONFASTFORWARD:
                    // Someone moved the branch between our read and our write: read again and decide again.
                    lastRefusal = update.getStatus() + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")");
                    pause(round);
                    continue;
                default:
                    throw new CodebaseException("push of " + branch + " to " + Redacted.url(remoteUrl) + " refused: " + update.getStatus()
                            + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
            }
        }
        throw new CodebaseException("could not create the branch " + branch + " in " + Redacted.url(remoteUrl) + " after " + ROUNDS
                + " tries; last error: " + lastRefusal);
    }

    static void pause(int round) {
        try {
            Thread.sleep(50L * (round + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CodebaseException("interrupted while publishing", e);
        }
    }

    /** The commit a branch points at in the remote, if the branch exists. */
    public static Optional<String> headOf(Snapshot snapshot, String remoteUrl, String branch, Optional<CredentialsProvider> credentials) {
        return head(snapshot.repository(), remoteUrl, "refs/heads/" + branch, credentials).map(ObjectId::name);
    }

    static Optional<ObjectId> head(Repository mirror, String remoteUrl, String ref, Optional<CredentialsProvider> credentials) {
        try (Transport transport = open(mirror, remoteUrl, credentials); FetchConnection connection = transport.openFetch()) {
            Ref remote = connection.getRef(ref);
            return Optional.ofNullable(remote).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new CodebaseException("cannot read " + ref + " from " + Redacted.url(remoteUrl) + ": " + e.getMessage(), e);
        }
    }

    static RemoteRefUpdate update(Repository mirror, String remoteUrl, String commitId, String ref, ObjectId expected,
            Optional<CredentialsProvider> credentials) {
        try (Transport transport = open(mirror, remoteUrl, credentials)) {
            RemoteRefUpdate update = new RemoteRefUpdate(mirror, commitId, ref, true, null, expected);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            return result.getRemoteUpdate(ref);
        } catch (IOException e) {
            throw new CodebaseException("cannot push " + ref + " to " + Redacted.url(remoteUrl) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A branch that exists is this very change when its head is a commit with the same parent and the same tree (an
     * earlier delivery's commit, made at another time); anything else, whoever's name it carries, is left alone.
     */
    private static BranchPush existing(Repository mirror, String remoteUrl, String ref, ObjectId remoteHead, ObjectId commit, ObjectId base,
            Optional<CredentialsProvider> credentials) {
        String inspected = "refs/patchlane/inspect/" + ref.substring("refs/heads/".length());
        try (Transport transport = open(mirror, remoteUrl, credentials)) {
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + ref + ":" + inspected)));
        } catch (IOException e) {
            throw new CodebaseException("cannot fetch " + ref + " from " + Redacted.url(remoteUrl) + ": " + e.getMessage(), e);
        }
        try (RevWalk walk = new RevWalk(mirror)) {
            RevCommit head = walk.parseCommit(remoteHead);
            RevCommit ours = walk.parseCommit(commit);
            if (head.getParentCount() == 1 && ours.getParentCount() == 1 && head.getParent(0).equals(ours.getParent(0))
                    && head.getTree().equals(ours.getTree())) {
                return new BranchPush(PublishEffect.ALREADY_PUBLISHED, remoteHead.name(),
                        "the branch already holds this change as " + remoteHead.name() + " from an earlier delivery");
            }
            walk.markStart(head);
            walk.markUninteresting(walk.parseCommit(base));
            List<String> others = new ArrayList<>();
            for (RevCommit other : walk) {
                if (others.size() == MAX_INSPECTED_COMMITS) {
                    break;
                }
                others.add(other.getAuthorIdent().getName() + " <" + other.getAuthorIdent().getEmailAddress() + "> "
                        + other.abbreviate(10).name());
            }
            String detail = others.isEmpty()
                    ? "the branch points at " + remoteHead.name() + ", which is not this change; left alone"
                    : "the branch is not this change alone: it holds " + (others.size() == MAX_INSPECTED_COMMITS ? "at least " : "")
                            + others.size() + " commit" + (others.size() == 1 ? "" : "s") + " above the base (latest: " + others.get(0)
                            + "); left alone";
            return new BranchPush(PublishEffect.LEFT_ALONE, remoteHead.name(), detail);
        } catch (IOException e) {
            throw new CodebaseException("cannot inspect " + ref + " from " + Redacted.url(remoteUrl) + ": " + e.getMessage(), e);
        }
    }

    static Transport open(Repository mirror, String remoteUrl, Optional<CredentialsProvider> credentials) {
        try {
            Transport transport = Transport.open(mirror, new URIish(RepositoryLocation.toUri(remoteUrl)));
            credentials.ifPresent(transport::setCredentialsProvider);
            return transport;
        } catch (URISyntaxException | IOException e) {
            throw new CodebaseException("cannot reach " + Redacted.url(remoteUrl) + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a push did.
     *
     * @param effect created, already there, updated under lease, or left alone
     * @param remoteHead the commit the branch points at afterwards
     * @param detail why, in words, or null
     */
    public record BranchPush(PublishEffect effect, String remoteHead, String detail) {
    }
}
