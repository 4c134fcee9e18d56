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
 * expectation). A branch that exists already holds either the bot's own commit from an earlier delivery, which is kept,
 * or commits someone else added, which are left alone and named.
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
                List<String> foreign = foreignCommits(mirror, remoteUrl, ref, remoteHead.get(), snapshot.commit(), credentials);
                return foreign.isEmpty()
                        ? new BranchPush(PublishEffect.ALREADY_PUBLISHED, remoteHead.get().name(),
                                "the branch already holds the bot's commit " + remoteHead.get().name() + " from an earlier delivery")
                        : new BranchPush(PublishEffect.LEFT_ALONE, remoteHead.get().name(), describe(foreign));
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
                    throw new CodebaseException("push of " + branch + " to " + remoteUrl + " refused: " + update.getStatus()
                            + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
            }
        }
        throw new CodebaseException("the branch " + branch + " in " + remoteUrl + " kept changing while it was published; last refusal: "
                + lastRefusal);
    }

    private static void pause(int round) {
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

    private static Optional<ObjectId> head(Repository mirror, String remoteUrl, String ref, Optional<CredentialsProvider> credentials) {
        try (Transport transport = open(mirror, remoteUrl, credentials); FetchConnection connection = transport.openFetch()) {
            Ref remote = connection.getRef(ref);
            return Optional.ofNullable(remote).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new CodebaseException("cannot read " + ref + " from " + remoteUrl + ": " + e.getMessage(), e);
        }
    }

    private static RemoteRefUpdate update(Repository mirror, String remoteUrl, String commitId, String ref, ObjectId expected,
            Optional<CredentialsProvider> credentials) {
        try (Transport transport = open(mirror, remoteUrl, credentials)) {
            RemoteRefUpdate update = new RemoteRefUpdate(mirror, commitId, ref, true, null, expected);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            return result.getRemoteUpdate(ref);
        } catch (IOException e) {
            throw new CodebaseException("cannot push " + ref + " to " + remoteUrl + ": " + e.getMessage(), e);
        }
    }

    // The commits on the branch that are not on the base the patch was made from, and were not made by the bot.
    private static List<String> foreignCommits(Repository mirror, String remoteUrl, String ref, ObjectId remoteHead, ObjectId base,
            Optional<CredentialsProvider> credentials) {
        String inspected = "refs/patchlane/inspect/" + ref.substring("refs/heads/".length());
        try (Transport transport = open(mirror, remoteUrl, credentials)) {
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + ref + ":" + inspected)));
        } catch (IOException e) {
            throw new CodebaseException("cannot fetch " + ref + " from " + remoteUrl + ": " + e.getMessage(), e);
        }
        List<String> foreign = new ArrayList<>();
        try (RevWalk walk = new RevWalk(mirror)) {
            walk.markStart(walk.parseCommit(remoteHead));
            walk.markUninteresting(walk.parseCommit(base));
            int inspectedCount = 0;
            for (RevCommit commit : walk) {
                if (++inspectedCount > MAX_INSPECTED_COMMITS) {
                    foreign.add("more than " + MAX_INSPECTED_COMMITS + " commits");
                    break;
                }
                if (!GitPublisher.isBotCommit(commit)) {
                    foreign.add(commit.getAuthorIdent().getName() + " <" + commit.getAuthorIdent().getEmailAddress() + "> "
                            + commit.abbreviate(10).name());
                }
            }
        } catch (IOException e) {
            throw new CodebaseException("cannot inspect " + ref + " from " + remoteUrl + ": " + e.getMessage(), e);
        }
        return foreign;
    }

    private static String describe(List<String> foreign) {
        return "the branch holds " + foreign.size() + " commit" + (foreign.size() == 1 ? "" : "s") + " the bot did not make (latest: "
                + foreign.get(0) + "); left alone";
    }

    private static Transport open(Repository mirror, String remoteUrl, Optional<CredentialsProvider> credentials) {
        try {
            Transport transport = Transport.open(mirror, new URIish(RepositoryLocation.toUri(remoteUrl)));
            credentials.ifPresent(transport::setCredentialsProvider);
            return transport;
        } catch (URISyntaxException | IOException e) {
            throw new CodebaseException("cannot reach " + remoteUrl + ": " + e.getMessage(), e);
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
