package dev.patchlane.sink.publish;

import dev.patchlane.codebase.BranchUpdate;
import dev.patchlane.codebase.Redacted;
import dev.patchlane.codebase.RemoteBranches;
import dev.patchlane.codebase.RemoteBranches.BranchPush;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.Rebases;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Pushes the bot's branch to a git remote under a lease on what it last saw there; a branch someone else added commits
 * to is left alone and the target says so.
 */
public final class GitRemotePublisher implements Publisher {

    public static final String NAME = "git";

    private final Function<PreparedPatch, String> remoteOf;
    private final Predicate<PreparedPatch> mayAuthenticate;
    private final Optional<CredentialsProvider> credentials;
    private final String name;
    private final Map<String, Object> remoteLocks = new ConcurrentHashMap<>();

    /** @param mayAuthenticate whether the credentials may be sent to this patch's remote */
    public GitRemotePublisher(Function<PreparedPatch, String> remoteOf, Predicate<PreparedPatch> mayAuthenticate,
            Optional<CredentialsProvider> credentials) {
        this(NAME, remoteOf, mayAuthenticate, credentials);
    }

    GitRemotePublisher(String name, Function<PreparedPatch, String> remoteOf, Predicate<PreparedPatch> mayAuthenticate,
            Optional<CredentialsProvider> credentials) {
        this.name = name;
        this.remoteOf = remoteOf;
        this.mayAuthenticate = mayAuthenticate;
        this.credentials = credentials;
    }

    @Override
    public PublicationTarget publish(PreparedPatch patch) {
        String remote = remoteOf.apply(patch);
        BranchPush push;
        // The lease keeps other processes honest; in this one, taking turns spares the remote's ref and pack locks.
        synchronized (remoteLocks.computeIfAbsent(remote, key -> new Object())) {
            Optional<CredentialsProvider> sent = mayAuthenticate.test(patch) ? credentials : Optional.empty();
            Optional<String> rerunOf = Rebases.publishedJobOf(patch.outcome().job());
            // A re-run on a moved base updates the published job's branch; anything else only ever creates its own.
            push = rerunOf.isPresent()
                    ? BranchUpdate.update(patch.base(), patch.commit(), remote, patch.branch(), rerunOf.get(), sent)
                    : RemoteBranches.push(patch.base(), patch.commit(), remote, patch.branch(), sent);
        }
        return new PublicationTarget(name, push.effect(), Redacted.url(remote) + " " + patch.branch(), push.remoteHead(), push.detail());
    }
}
