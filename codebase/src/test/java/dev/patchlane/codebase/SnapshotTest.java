package dev.patchlane.codebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotTest {

    @TempDir
    Path tmp;

    private Snapshot snapshot(Map<String, String> files) throws Exception {
        return TestRepositories.snapshot(tmp, files);
    }

    @Test
    void readsFilesAtTheResolvedCommit() throws Exception {
        Snapshot snapshot = snapshot(Map.of("src/A.java", "class A {}\n"));
        assertEquals("class A {}\n", snapshot.readText("src/A.java").orElseThrow());
        assertTrue(snapshot.readText("missing.txt").isEmpty());
        assertEquals(40, snapshot.commitId().length());
    }

    @Test
    void aGeneratedDiffAppliesAndChangesOnlyItsFile() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "one  \ntwo\n", "b.txt", "untouched\n"));
        String diff = UnifiedDiff.of(List.of(new FileChange("a.txt", "one  \ntwo\n", "one\ntwo\n"),
                new FileChange("new/test.txt", null, "fresh\n")));
        AppliedPatch applied = snapshot.apply(diff);
        assertEquals(List.of("a.txt", "new/test.txt"), applied.paths().stream().sorted().toList());
    }

    @Test
    void aDiffAgainstOtherContentIsRejected() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String diff = UnifiedDiff.of(new FileChange("a.txt", "imagined\n", "changed\n"));
        assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a diff at all", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-garbage"})
    void malformedDiffsAreRejected(String diff) throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.txt", ".git/hooks/post-checkout", ".github/workflows/ci.yml", ".gitmodules", ".GITMODULES",
        ".GitHub/Workflows/ci.yml", ".github/actions/setup/action.yml", "Jenkinsfile", ".gitlab/ci.yml", "sub/.gitmodules"})
    void patchesOutsideThePolicyAreRejected(String path) throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String diff = UnifiedDiff.of(new FileChange(path, null, "evil\n"));
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff));
        assertFalse(e.problems().isEmpty());
    }

    @Test
    void symlinksAreRejected() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String diff = "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+/etc/passwd\n\\ No newline at end of file\n";
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff));
        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
    }

    @Test
    void anExistingSymlinkCannotBeRewrittenByADiffWithoutModes() throws Exception {
        Path repo = tmp.resolve("repo");
        TestRepositories.create(repo, Map.of("a.txt", "actual\n"));
        Files.createSymbolicLink(repo.resolve("link"), Path.of("a.txt"));
        try (var git = org.eclipse.jgit.api.Git.open(repo.toFile())) {
            git.add().addFilepattern("link").call();
            git.commit().setMessage("link").setAuthor("t", "t@e").setCommitter("t", "t@e").setSign(false).call();
        }
        Snapshot snapshot = new RepositoryCache(tmp.resolve("cache"), Duration.ofMinutes(5)).snapshot(repo.toString(), "main");
        String diff = "diff --git a/link b/link\n--- a/link\n+++ b/link\n@@ -1 +1 @@\n-a.txt\n\\ No newline at end of file\n+/etc/passwd\n\\ No newline at end of file\n";
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff));
        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
    }

    @Test
    void theCacheClonesEachRepositoryOnceAndSeesNewCommits() throws Exception {
        Path repo = TestRepositories.create(tmp.resolve("repo"), Map.of("a.txt", "1\n"));
        RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ZERO);
        Snapshot first = cache.snapshot(repo.toString(), "main");
        Files.writeString(repo.resolve("a.txt"), "2\n");
        try (var git = org.eclipse.jgit.api.Git.open(repo.toFile())) {
            git.commit().setAll(true).setMessage("second").setAuthor("t", "t@e").setCommitter("t", "t@e").setSign(false).call();
        }
        Snapshot second = cache.snapshot(repo.toString(), "main");
        assertEquals(1, cache.mirrorCount());
        assertFalse(first.commitId().equals(second.commitId()));
        assertEquals("2\n", second.readText("a.txt").orElseThrow());
        assertEquals("1\n", cache.snapshot(repo.toString(), first.commitId()).readText("a.txt").orElseThrow());
    }

    @Test
    void aRememberedCommitIdKeepsItsCommitWhileABranchStillMovesAndAnUnknownIdIsStillAnError() throws Exception {
        Path repo = TestRepositories.create(tmp.resolve("repo"), Map.of("a.txt", "1\n"));
        RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ZERO);
        String first = cache.snapshot(repo.toString(), "main").commitId();
        assertEquals(first, cache.snapshot(repo.toString(), first).commitId());
        assertEquals("1\n", cache.snapshot(repo.toString(), first).readText("a.txt").orElseThrow(), "a remembered id reads its own files");
        Files.writeString(repo.resolve("a.txt"), "2\n");
        try (var git = org.eclipse.jgit.api.Git.open(repo.toFile())) {
            git.commit().setAll(true).setMessage("second").setAuthor("t", "t@e").setCommitter("t", "t@e").setSign(false).call();
        }
        String second = cache.snapshot(repo.toString(), "main").commitId();
        assertFalse(first.equals(second), "a branch is looked up again");
        assertEquals(second, cache.snapshot(repo.toString(), second).commitId());
        String unknown = "0123456789abcdef0123456789abcdef01234567";
        assertThrows(CodebaseException.class, () -> cache.snapshot(repo.toString(), unknown));
    }

    @Test
    void anUnknownRefIsAClearError() throws Exception {
        Path repo = TestRepositories.create(tmp.resolve("repo"), Map.of("a.txt", "1\n"));
        RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ZERO);
        CodebaseException e = assertThrows(CodebaseException.class, () -> cache.snapshot(repo.toString(), "no-such-branch"));
        assertTrue(e.getMessage().contains("no-such-branch"));
    }

    @Test
    void publishingIsDeterministicAndTheEmailPatchAppliesWithGitAm() throws Exception {
        Path repo = TestRepositories.create(tmp.resolve("repo"), Map.of("a.txt", "one  \n"));
        RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ofMinutes(5));
        Snapshot snapshot = cache.snapshot(repo.toString(), "main");
        AppliedPatch applied = snapshot.apply(UnifiedDiff.of(new FileChange("a.txt", "one  \n", "one\n")));
        Instant when = Instant.parse("2026-11-27T10:00:00Z");
        CommitMessage message = new CommitMessage("patchlane: lint-fix", "Removed trailing whitespace.");

        String commit = GitPublisher.commit(applied, message, when);
        assertEquals(commit, GitPublisher.commit(applied, message, when));

        RemoteBranches.push(snapshot, commit, repo.toString(), "patchlane/lint-fix/1", Optional.empty());
        RemoteBranches.push(snapshot, commit, repo.toString(), "patchlane/lint-fix/1", Optional.empty());
        assertEquals(commit, RemoteBranches.headOf(snapshot, repo.toString(), "patchlane/lint-fix/1", Optional.empty()).orElseThrow());

        Path patch = tmp.resolve("1.patch");
        Files.writeString(patch, GitPublisher.emailPatch(applied, commit, message, when));
        Path clone = tmp.resolve("clone");
        run(tmp, "git", "clone", "-q", repo.toString(), clone.toString());
        run(clone, "git", "-c", "user.name=t", "-c", "user.email=t@e", "am", patch.toString());
        assertEquals("one\n", Files.readString(clone.resolve("a.txt")));
    }

    @Test
    void aPackLockLeftByAWriterKilledMidPushDoesNotBlockThatPushForever() throws Exception {
        Path repo = TestRepositories.create(tmp.resolve("repo"), Map.of("a.txt", "one  \n"));
        Snapshot snapshot = new RepositoryCache(tmp.resolve("cache"), Duration.ofMinutes(5)).snapshot(repo.toString(), "main");
        AppliedPatch applied = snapshot.apply(UnifiedDiff.of(new FileChange("a.txt", "one  \n", "one\n")));
        String commit = GitPublisher.commit(applied, new CommitMessage("s", "b"), Instant.parse("2026-11-27T10:00:00Z"));
        // The same push into a copy names the pack the killed writer was receiving.
        Path copy = tmp.resolve("copy");
        run(tmp, "git", "clone", "-q", "--bare", repo.toString(), copy.toString());
        Set<String> before = packNames(copy);
        RemoteBranches.push(snapshot, commit, copy.toString(), "patchlane/lint-fix/3", Optional.empty());
        String pack = packNames(copy).stream().filter(name -> !before.contains(name)).findFirst().orElseThrow();
        Path packs = repo.resolve(".git/objects/pack");
        Files.createDirectories(packs);
        Path lock = packs.resolve(pack + ".keep.lock");
        Files.writeString(lock, "jgit receive-pack");

        assertThrows(CodebaseException.class, () -> RemoteBranches.push(snapshot, commit, repo.toString(), "patchlane/lint-fix/3", Optional.empty()),
                "a fresh lock may belong to a live writer");
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(120)));
        RemoteBranches.push(snapshot, commit, repo.toString(), "patchlane/lint-fix/3", Optional.empty());
        assertEquals(commit, RemoteBranches.headOf(snapshot, repo.toString(), "patchlane/lint-fix/3", Optional.empty()).orElseThrow());
    }

    private static Set<String> packNames(Path repository) throws Exception {
        Path packs = Files.isDirectory(repository.resolve(".git")) ? repository.resolve(".git/objects/pack") : repository.resolve("objects/pack");
        try (java.util.stream.Stream<Path> files = Files.list(packs)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".pack"))
                    .map(name -> name.substring(0, name.length() - ".pack".length())).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }
}
