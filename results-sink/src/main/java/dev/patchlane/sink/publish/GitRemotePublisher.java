package dev.patchlane.sink.publish;

import dev.patchlane.codebase.RemoteBranches;
import dev.patchlane.codebase.RemoteBranches.BranchPush;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Pushes the bot's branch to a git remote under a lease on what it last saw there; a branch someone else added commits
 * to is left alone and the target says so.
 */
public final class GitRemotePublisher implements Publisher {

    public static final String NAME = "git";

    private final Function<PreparedPatch, String> remoteOf;
    private final Optional<CredentialsProvider> credentials;
    private final String name;
    private final Map<String, Object> remoteLocks = new ConcurrentHashMap<>();

    public GitRemotePublisher(Function<PreparedPatch, String> remoteOf, Optional<CredentialsProvider> credentials) {
        this(NAME, remoteOf, credentials);
    }

    GitRemotePublisher(String name, Function<PreparedPatch, String> remoteOf, Optional<CredentialsProvider> credentials) {
        this.name = name;
        this.remoteOf = remoteOf;
        this.credentials = credentials;
    }

    @Override
    public PublicationTarget publish(PreparedPatch patch) {
        String remote = remoteOf.apply(patch);
        BranchPush push;
        // The lease keeps other processes honest; in this one, taking turns spares the remote's ref and pack locks.
        synchronized (remoteLocks.computeIfAbsent(remote, key -> new Object())) {
            push = RemoteBranches.push(patch.base(), patch.commit(), remote, patch.branch(), credentials);
        }
        return new PublicationTarget(name, push.effect(), remote + " " + patch.branch(), push.remoteHead(), push.detail());
    }
}
