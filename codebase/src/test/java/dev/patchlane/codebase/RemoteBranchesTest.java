package dev.patchlane.codebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.RemoteBranches.BranchPush;
import dev.patchlane.contracts.PublishEffect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot's branch in a real bare remote: created once, never pushed over someone else's commits. */
class RemoteBranchesTest {

    private static final String BRANCH = "patchlane/lint-fix/job-1";
    private static final Instant WHEN = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path tmp;

    private Path remote;

    @BeforeEach
    void remote() throws Exception {
        Path origin = TestRepositories.create(tmp.resolve("origin"), Map.of("a.txt", "one  \n"));
        remote = tmp.resolve("remote.git");
        Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(remote.toFile()).setBare(true).call().close();
    }

    private Snapshot mirror(String name) {
        return new RepositoryCache(tmp.resolve(name), Duration.ofMinutes(5)).snapshot(remote.toString(), "main");
    }

    private static String commit(Snapshot snapshot, String subject, Instant when) {
        AppliedPatch applied = snapshot.apply(UnifiedDiff.of(new FileChange("a.txt", "one  \n", "one\n")));
        return GitPublisher.commit(applied, new CommitMessage(subject, "Removed trailing whitespace."), when);
    }

    private String remoteHead() throws Exception {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(remote.toFile()).setMustExist(true).build()) {
            return repository.exactRef("refs/heads/" + BRANCH).getObjectId().name();
        }
    }

    @Test
    void theBranchIsCreatedOnceAndARepeatFindsIt() throws Exception {
        Snapshot snapshot = mirror("cache");
        String commit = commit(snapshot, "fix", WHEN);

        BranchPush first = RemoteBranches.push(snapshot, commit, remote.toString(), BRANCH, Optional.empty());
        BranchPush again = RemoteBranches.push(snapshot, commit, remote.toString(), BRANCH, Optional.empty());

        assertEquals(PublishEffect.CREATED, first.effect());
        assertEquals(PublishEffect.ALREADY_PUBLISHED, again.effect());
        assertEquals(commit, remoteHead());
        assertEquals(commit, RemoteBranches.headOf(snapshot, remote.toString(), BRANCH, Optional.empty()).orElseThrow());
    }

    @Test
    void aBranchWithACommitSomeoneElseAddedIsLeftAlone() throws Exception {
        Snapshot snapshot = mirror("cache");
        String botCommit = commit(snapshot, "fix", WHEN);
        RemoteBranches.push(snapshot, botCommit, remote.toString(), BRANCH, Optional.empty());
        String humanCommit = addHumanCommit();

        String retried = commit(snapshot, "fix, second attempt", WHEN.plusSeconds(60));
        BranchPush push = RemoteBranches.push(snapshot, retried, remote.toString(), BRANCH, Optional.empty());

        assertEquals(PublishEffect.LEFT_ALONE, push.effect());
        assertEquals(humanCommit, push.remoteHead());
        assertTrue(push.detail().contains("not this change alone: it holds 2 commits above the base (latest: Ada <ada@example.com>"), push.detail());
        assertEquals(humanCommit, remoteHead(), "the person's commit is still the branch head");
    }

    @Test
    void aLaterDeliveryKeepsTheBotsFirstCommitInsteadOfRewritingTheBranch() throws Exception {
        Snapshot snapshot = mirror("cache");
        String earlier = commit(snapshot, "fix", WHEN);
        RemoteBranches.push(snapshot, earlier, remote.toString(), BRANCH, Optional.empty());

        String later = commit(snapshot, "fix, second attempt", WHEN.plusSeconds(60));
        BranchPush push = RemoteBranches.push(snapshot, later, remote.toString(), BRANCH, Optional.empty());

        assertEquals(PublishEffect.ALREADY_PUBLISHED, push.effect());
        assertEquals(earlier, push.remoteHead());
        assertEquals(earlier, remoteHead());
    }

    @Test
    void aCommitWearingTheBotsNameIsNotTakenForTheBotsChange() throws Exception {
        Snapshot snapshot = mirror("cache");
        String botCommit = commit(snapshot, "fix", WHEN);
        RemoteBranches.push(snapshot, botCommit, remote.toString(), BRANCH, Optional.empty());
        Path work = tmp.resolve("forger");
        try (Git git = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(work.toFile()).setBranch(BRANCH).call()) {
            Files.writeString(work.resolve("a.txt"), "one\nplus something the policy never saw\n");
            git.add().addFilepattern("a.txt").call();
            git.commit().setMessage("fix").setAuthor("patchlane", "patchlane@localhost").setCommitter("patchlane", "patchlane@localhost")
                    .setSign(false).call();
            git.push().call();
        }

        BranchPush push = RemoteBranches.push(snapshot, botCommit, remote.toString(), BRANCH, Optional.empty());

        assertEquals(PublishEffect.LEFT_ALONE, push.effect());
        assertTrue(push.detail().contains("not this change alone: it holds 2 commits above the base (latest: patchlane <patchlane@localhost>"), push.detail());
    }

    @Test
    void aBranchResetToTheBaseIsLeftAlone() throws Exception {
        Snapshot snapshot = mirror("cache");
        String botCommit = commit(snapshot, "fix", WHEN);
        try (Git git = Git.open(remote.toFile())) {
            git.branchCreate().setName(BRANCH).setStartPoint("main").call();
        }

        BranchPush push = RemoteBranches.push(snapshot, botCommit, remote.toString(), BRANCH, Optional.empty());

        assertEquals(PublishEffect.LEFT_ALONE, push.effect());
        assertTrue(push.detail().contains("which is not this change"), push.detail());
    }

    @Test
    void aTokenInTheRemoteUrlIsNeverRepeated() {
        Snapshot snapshot = mirror("cache");
        String commit = commit(snapshot, "fix", WHEN);
        CodebaseException e = assertThrows(CodebaseException.class, () -> RemoteBranches.push(snapshot, commit,
                "https://bot:ghp_secretTokenValue0000000000000000000000@127.0.0.1:9/acme/app.git", BRANCH, Optional.empty()));
        assertFalse(e.getMessage().contains("ghp_secretTokenValue"), e.getMessage());
        assertTrue(e.getMessage().contains("https://127.0.0.1:9/acme/app.git"), e.getMessage());
    }

    @Test
    void threeProcessesPushingTheSameCommitAtOnceMakeOneBranch() throws Exception {
        List<Snapshot> mirrors = List.of(mirror("cache-1"), mirror("cache-2"), mirror("cache-3"));
        List<String> commits = mirrors.stream().map(snapshot -> commit(snapshot, "fix", WHEN)).toList();
        assertEquals(1, commits.stream().distinct().count(), "the same outcome makes the same commit in every process");

        CyclicBarrier start = new CyclicBarrier(mirrors.size());
        ExecutorService pool = Executors.newFixedThreadPool(mirrors.size());
        try {
            List<Future<BranchPush>> pushes = new ArrayList<>();
            for (int i = 0; i < mirrors.size(); i++) {
                Snapshot snapshot = mirrors.get(i);
                String commit = commits.get(i);
                Callable<BranchPush> push = () -> {
                    start.await();
                    return RemoteBranches.push(snapshot, commit, remote.toString(), BRANCH, Optional.empty());
                };
                pushes.add(pool.submit(push));
            }
            List<PublishEffect> effects = new ArrayList<>();
            for (Future<BranchPush> push : pushes) {
                effects.add(push.get().effect());
            }
            // The branch is created once; which pusher is told so is not exact: when the pushers' identical packs clash,
            // the one whose ref update won can read its own failure as the race and report the branch as found (seen in CI).
            assertTrue(effects.stream().filter(e -> e == PublishEffect.CREATED).count() <= 1, effects.toString());
            assertTrue(effects.stream().allMatch(e -> e == PublishEffect.CREATED || e == PublishEffect.ALREADY_PUBLISHED), effects.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(commits.get(0), remoteHead());
        try (Git git = Git.open(remote.toFile())) {
            assertEquals(2, countCommits(git, remoteHead()), "the base and the one bot commit");
        }
    }

    @Test
    void aStaleRefLockLeftByACrashedWriterDoesNotBlockTheBranchForever() throws Exception {
        Snapshot snapshot = mirror("cache");
        String commit = commit(snapshot, "fix", WHEN);
        Path lock = remote.resolve("refs/heads/" + BRANCH + ".lock");
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "");

        assertThrows(CodebaseException.class, () -> RemoteBranches.push(snapshot, commit, remote.toString(), BRANCH, Optional.empty()),
                "a fresh lock may belong to a live writer");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(120)));
        assertEquals(PublishEffect.CREATED, RemoteBranches.push(snapshot, commit, remote.toString(), BRANCH, Optional.empty()).effect());
    }

    @Test
    void anUnreachableRemoteIsAClearError() {
        Snapshot snapshot = mirror("cache");
        String commit = commit(snapshot, "fix", WHEN);
        CodebaseException e = assertThrows(CodebaseException.class,
                () -> RemoteBranches.push(snapshot, commit, tmp.resolve("no-such-remote.git").toString(), BRANCH, Optional.empty()));
        assertTrue(e.getMessage().contains("no-such-remote.git"), e.getMessage());
    }

    private String addHumanCommit() throws Exception {
        Path work = tmp.resolve("human");
        try (Git git = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(work.toFile()).setBranch(BRANCH).call()) {
            Files.writeString(work.resolve("a.txt"), "one, as I want it\n");
            git.add().addFilepattern("a.txt").call();
            RevCommit commit = git.commit().setMessage("my own fix").setAuthor("Ada", "ada@example.com")
                    .setCommitter("Ada", "ada@example.com").setSign(false).call();
            git.push().call();
            return commit.name();
        }
    }

    private static int countCommits(Git git, String head) throws Exception {
        int count = 0;
        for (RevCommit ignored : git.log().add(git.getRepository().resolve(head)).call()) {
            count++;
        }
        return count;
    }
}
