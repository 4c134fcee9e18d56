package dev.patchlane.codebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.BaseMoveCheck.Kind;
import dev.patchlane.codebase.BaseMoveCheck.Verdict;
import dev.patchlane.codebase.RemoteBranches.BranchPush;
import dev.patchlane.contracts.PublishEffect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot's branch after its base moved, over real repositories: the job's repository (where the base moves), a bare
 * remote holding the bot's branch, and the sink's mirror.
 */
class MovingBaseTest {

    private static final String JOB = "0b0e5d6a-5c57-3b6c-9f4e-0d1a26e67d8f";
    private static final String BRANCH = "patchlane/lint-fix/" + JOB;
    private static final Instant WHEN = Instant.parse("2026-12-03T10:00:00Z");
    private static final Predicate<String> NONE_FREE = path -> false;

    @TempDir
    Path tmp;

    private Path origin;
    private Path remote;
    private RepositoryCache cache;
    private String published;

    @BeforeEach
    void publishedBranch() throws Exception {
        origin = TestRepositories.create(tmp.resolve("origin"), Map.of("a.txt", "one  \ntwo\nthree\nfour\nfive\nsix\nseven\n", "b.txt", "b\n"));
        remote = tmp.resolve("remote.git");
        Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(remote.toFile()).setBare(true).call().close();
        cache = new RepositoryCache(tmp.resolve("cache"), Duration.ZERO);
        Snapshot base = at("main");
        published = commit(base, JOB, "one  \n", "one\n");
        assertEquals(PublishEffect.CREATED, RemoteBranches.push(base, published, remote.toString(), BRANCH, Optional.empty()).effect());
    }

    @Test
    void aConflictingMoveIsReRunAndTheBranchGetsAMergeOnTopOfTheBotsCommit() throws Exception {
        String newBase = commitOnMain("a.txt", "ONE  \ntwo\nthree\nfour\nfive\nsix\nseven\n", "shout", "Mona", "mona@example.com");
        Verdict verdict = judge(newBase, false, NONE_FREE);
        assertEquals(Kind.CONFLICTS, verdict.kind(), verdict.detail());
        assertTrue(verdict.detail().contains("a.txt"), verdict.detail());

        Snapshot moved = at(newBase);
        String rerun = commit(moved, "7e4c1d2a-0000-3000-8000-000000000001", "ONE  \n", "ONE\n");
        BranchPush update = BranchUpdate.update(moved, rerun, remote.toString(), BRANCH, JOB, Optional.empty());

        assertEquals(PublishEffect.UPDATED, update.effect(), update.detail());
        try (Repository repository = bare(); RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(repository.resolve("refs/heads/" + BRANCH));
            assertEquals(update.remoteHead(), head.name());
            assertEquals(2, head.getParentCount());
            assertEquals(published, head.getParent(0).name(), "the bot's first commit stays in the branch's history");
            assertEquals(newBase, head.getParent(1).name(), "the new base is a parent, so the merge base moves to it");
            assertEquals(treeOf(rerun), head.getTree().name(), "the tree is the new patch on the new base");
            assertTrue(head.getFullMessage().contains("Patchlane-Rebase-Of: " + JOB), head.getFullMessage());
        }
        // Once there, the same update is no second commit, and the branch is up to date with its base.
        BranchPush again = BranchUpdate.update(moved, rerun, remote.toString(), BRANCH, JOB, Optional.empty());
        assertEquals(PublishEffect.ALREADY_PUBLISHED, again.effect());
        assertEquals(update.remoteHead(), again.remoteHead());
        assertEquals(Kind.UP_TO_DATE, judge(newBase, false, NONE_FREE).kind());
    }

    @Test
    void anOlderBasesReRunNeverGoesBackOverANewerOne() throws Exception {
        String older = commitOnMain("a.txt", "ONE  \ntwo\nthree\nfour\nfive\nsix\nseven\n", "shout", "Mona", "mona@example.com");
        String newer = commitOnMain("a.txt", "One  \ntwo\nthree\nfour\nfive\nsix\nseven\n", "calm", "Mona", "mona@example.com");
        Snapshot newest = at(newer);
        BranchPush first = BranchUpdate.update(newest, commit(newest, "7e4c1d2a-0000-3000-8000-000000000002", "One  \n", "One\n"),
                remote.toString(), BRANCH, JOB, Optional.empty());
        assertEquals(PublishEffect.UPDATED, first.effect());

        Snapshot old = at(older);
        BranchPush late = BranchUpdate.update(old, commit(old, "7e4c1d2a-0000-3000-8000-000000000003", "ONE  \n", "ONE\n"),
                remote.toString(), BRANCH, JOB, Optional.empty());
        assertEquals(PublishEffect.ALREADY_PUBLISHED, late.effect(), late.detail());
        assertEquals(first.remoteHead(), remoteHead());
    }

    @Test
    void aQuietMoveLeavesTheBranchAloneUnlessChecksMayReadWhatMoved() throws Exception {
        String newBase = commitOnMain("docs/notes.md", "notes\n", "notes", "Mona", "mona@example.com");
        assertEquals(Kind.STILL_APPLIES, judge(newBase, false, NONE_FREE).kind(), "no checks: a clean merge is enough");
        assertEquals(Kind.CHECKS_MAY_CHANGE, judge(newBase, true, NONE_FREE).kind(), "checks may read any file");
        Predicate<String> docsFree = path -> path.startsWith("docs/");
        assertEquals(Kind.STILL_APPLIES, judge(newBase, true, docsFree).kind(), "the operator declared docs/ read by no check");
    }

    @Test
    void aMoveThatChangesTheChecksDeclarationAlwaysReRuns() throws Exception {
        String newBase = commitOnMain(BaseMoveCheck.CHECKS_FILE, "checks:\n  test: ./run-tests\n", "checks", "Mona", "mona@example.com");
        Verdict verdict = judge(newBase, false, path -> true);
        assertEquals(Kind.CHECKS_MAY_CHANGE, verdict.kind());
        assertTrue(verdict.detail().contains(BaseMoveCheck.CHECKS_FILE), verdict.detail());
    }

    @Test
    void aPersonsCommitOnTheBranchLeavesItAloneAndIsNamed() throws Exception {
        Path clone = tmp.resolve("alice");
        try (Git git = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(clone.toFile()).setBranch(BRANCH).call()) {
            Files.writeString(clone.resolve("b.txt"), "b, by hand\n");
            git.add().addFilepattern("b.txt").call();
            git.commit().setMessage("my own touch").setAuthor("Alice", "alice@example.com").setCommitter("Alice", "alice@example.com")
                    .setSign(false).call();
            git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/" + BRANCH)).call();
        }
        String before = remoteHead();
        String newBase = commitOnMain("a.txt", "ONE  \ntwo\nthree\nfour\nfive\nsix\nseven\n", "shout", "Mona", "mona@example.com");

        Verdict verdict = judge(newBase, false, NONE_FREE);
        assertEquals(Kind.FOREIGN_COMMITS, verdict.kind());
        assertTrue(verdict.detail().contains("Alice <alice@example.com>"), verdict.detail());
        Snapshot moved = at(newBase);
        BranchPush update = BranchUpdate.update(moved, commit(moved, "7e4c1d2a-0000-3000-8000-000000000004", "ONE  \n", "ONE\n"),
                remote.toString(), BRANCH, JOB, Optional.empty());
        assertEquals(PublishEffect.LEFT_ALONE, update.effect());
        assertTrue(update.detail().contains("Alice"), update.detail());
        assertEquals(before, remoteHead(), "nothing was pushed");
    }

    @Test
    void aCommitUnderTheBotsNameForAnotherJobIsNotTheBots() throws Exception {
        Snapshot base = at(published);
        String other = commit(base, "7e4c1d2a-0000-3000-8000-00000000000f", "two\n", "TWO\n");
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(cacheDir().toFile()).build()) {
            RemoteRefUpdate moved = RemoteBranches.update(mirror, remote.toString(), other, "refs/heads/" + BRANCH, ObjectId.fromString(published),
                    Optional.empty());
            assertEquals(RemoteRefUpdate.Status.OK, moved.getStatus());
        }
        String newBase = commitOnMain("docs/notes.md", "notes\n", "notes", "Mona", "mona@example.com");
        assertEquals(Kind.FOREIGN_COMMITS, judge(newBase, false, NONE_FREE).kind());
    }

    @Test
    void theRefMovesOnlyFromTheHeadThatWasRead() throws Exception {
        String newBase = commitOnMain("docs/notes.md", "notes\n", "notes", "Mona", "mona@example.com");
        Snapshot moved = at(newBase);
        String rerun = commit(moved, "7e4c1d2a-0000-3000-8000-000000000005", "one  \n", "one\n");
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(cacheDir().toFile()).build()) {
            // A lease on a head the branch no longer has (here: the new base) is refused, whatever is pushed.
            RemoteRefUpdate stale = RemoteBranches.update(mirror, remote.toString(), rerun, "refs/heads/" + BRANCH, ObjectId.fromString(newBase),
                    Optional.empty());
            assertNotEquals(RemoteRefUpdate.Status.OK, stale.getStatus());
        }
        assertEquals(published, remoteHead());
    }

    @Test
    void aBranchThatIsGoneIsNeverCreatedAgain() throws Exception {
        try (Git git = Git.open(remote.toFile())) {
            git.branchDelete().setBranchNames(BRANCH).setForce(true).call();
        }
        String newBase = commitOnMain("a.txt", "ONE  \ntwo\nthree\nfour\nfive\nsix\nseven\n", "shout", "Mona", "mona@example.com");
        assertEquals(Kind.GONE, judge(newBase, false, NONE_FREE).kind());
        Snapshot moved = at(newBase);
        BranchPush update = BranchUpdate.update(moved, commit(moved, "7e4c1d2a-0000-3000-8000-000000000006", "ONE  \n", "ONE\n"),
                remote.toString(), BRANCH, JOB, Optional.empty());
        assertEquals(PublishEffect.LEFT_ALONE, update.effect());
        try (Repository repository = bare()) {
            assertEquals(null, repository.exactRef("refs/heads/" + BRANCH));
        }
    }

    @Test
    void theChecksRuleIsConservative() {
        assertEquals(Optional.empty(), BaseMoveCheck.checksMayChange(List.of("src/A.java"), false, NONE_FREE));
        assertTrue(BaseMoveCheck.checksMayChange(List.of("src/A.java"), true, NONE_FREE).isPresent());
        assertEquals(Optional.empty(), BaseMoveCheck.checksMayChange(List.of("README.md"), true, path -> path.endsWith(".md")));
        assertTrue(BaseMoveCheck.checksMayChange(List.of("README.md", "build.gradle"), true, path -> path.endsWith(".md")).isPresent());
        assertTrue(BaseMoveCheck.checksMayChange(List.of(BaseMoveCheck.CHECKS_FILE), false, path -> true).isPresent());
        assertTrue(BaseMoveCheck.checksMayChange(java.util.Collections.nCopies(BaseMoveCheck.MAX_CHANGED_PATHS, "x"), false, path -> true)
                .isPresent(), "too many changes to list are taken as touching the checks");
    }

    private Verdict judge(String newBase, boolean operatorChecks, Predicate<String> checkFree) {
        return BaseMoveCheck.judge(at(newBase), remote.toString(), BRANCH, JOB, Optional.empty(), operatorChecks, checkFree);
    }

    private Snapshot at(String ref) {
        return cache.snapshot(origin.toString(), ref);
    }

    private Path cacheDir() throws Exception {
        try (var dirs = Files.list(tmp.resolve("cache"))) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** The bot's commit for {@code job}: one line of a.txt fixed, with the trailers the sink writes. */
    private static String commit(Snapshot snapshot, String job, String from, String to) {
        String text = snapshot.readText("a.txt").orElseThrow();
        AppliedPatch applied = snapshot.apply(UnifiedDiff.of(new FileChange("a.txt", text, text.replace(from, to))));
        return GitPublisher.commit(applied, CommitMessage.withTrailers("patchlane: lint-fix a.txt", "Fixed.",
                List.of(new CommitMessage.Trailer("Patchlane-Job", job))), WHEN);
    }

    private String commitOnMain(String path, String text, String message, String name, String email) throws Exception {
        try (Git git = Git.open(origin.toFile())) {
            Path file = origin.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            git.add().addFilepattern(path).call();
            return git.commit().setMessage(message).setAuthor(name, email).setCommitter(name, email).setSign(false).call().name();
        }
    }

    private String treeOf(String commit) throws Exception {
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(cacheDir().toFile()).build(); RevWalk walk = new RevWalk(mirror)) {
            return walk.parseCommit(ObjectId.fromString(commit)).getTree().name();
        }
    }

    private Repository bare() throws Exception {
        return new FileRepositoryBuilder().setGitDir(remote.toFile()).setMustExist(true).build();
    }

    private String remoteHead() throws Exception {
        try (Repository repository = bare()) {
            return repository.exactRef("refs/heads/" + BRANCH).getObjectId().name();
        }
    }
}
