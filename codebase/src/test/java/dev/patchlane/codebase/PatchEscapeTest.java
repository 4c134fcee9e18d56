package dev.patchlane.codebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The intent of git's t/t4139-apply-escape.sh, and path normalisation tricks, against {@link Snapshot#apply}. */
class PatchEscapeTest {

    @TempDir
    Path tmp;

    private Path repo;

    // As in t4139 the repository sits one level down, so "../foo" would land in a directory the test can watch.
    @BeforeEach
    void createRepository() throws Exception {
        repo = TestRepositories.create(tmp.resolve("outside/inside"), Map.of("a.txt", "actual\n", "dir/b.txt", "b\n"));
    }

    @ParameterizedTest(name = "add {0}")
    @CsvSource(delimiter = '|', value = {
        "../foo                 | leaves the repository",
        "dir/../../foo          | leaves the repository",
        "..\\foo                | leaves the repository",
        "dir\\..\\..\\foo       | leaves the repository",
        "/tmp/patchlane-evil    | not a repository-relative path",
        "C:/evil                | not a repository-relative path",
        "a/./b                  | not a normalised path",
        "./a.txt                | not a normalised path",
        "a//b                   | not a normalised path",
        "dir/                   | not a normalised path",
        ".git/config            | inside .git",
        ".GIT/config            | inside .git",
        ".Git/hooks/pre-commit  | inside .git",
        "sub/.git/config        | inside .git",
        "sub\\.git\\config      | inside .git",
        "dir/./../.git/config   | leaves the repository"})
    void aFileOutsideTheTreeOrInsideGitCannotBeCreated(String path, String reason) throws Exception {
        assertRefused(addFile(path), reason);
    }

    @Test
    void aFileOutsideTheRepositoryCannotBeDeleted() throws Exception {
        Files.writeString(tmp.resolve("outside/foo"), "evil\n");
        assertRefused("diff --git a/../foo b/../foo\ndeleted file mode 100644\n--- a/../foo\n+++ /dev/null\n@@ -1 +0,0 @@\n-evil\n",
                "leaves the repository");
    }

    @Test
    void aTraditionalDiffWithAnAbsolutePathIsRefused() throws Exception {
        assertRefused("--- /dev/null\n+++ /tmp/patchlane-evil\n@@ -0,0 +1 @@\n+evil\n", "not a repository-relative path");
    }

    @ParameterizedTest(name = "symlink to {0}")
    @CsvSource({"..", "/", "../..", "/etc/passwd"})
    void aSymlinkPointingOutsideCannotBeCreated(String target) throws Exception {
        assertRefused(addSymlink("tmp", target), "symlinks and submodules may not be changed");
    }

    @Test
    void aSymlinkCannotBeCreatedAndWrittenThroughInOnePatch() throws Exception {
        assertRefused(addSymlink("tmp", "..") + addFile("tmp/foo"), "symlinks and submodules may not be changed");
    }

    @Test
    void aSymlinkToAnAbsolutePathCannotBeCreatedAndWrittenThroughInOnePatch() throws Exception {
        assertRefused(addSymlink("tmp", tmp.resolve("outside").toString()) + addFile("tmp/foo"), "symlinks and submodules may not be changed");
    }

    @Test
    void aFileCannotBeCreatedThroughASymlinkAlreadyInTheRepository() throws Exception {
        commitSymlink("symlink", "..");
        assertRefused(addFile("symlink/foo"), "symlink/foo: writes through the symlink symlink");
    }

    @Test
    void aFileCannotBeModifiedThroughASymlinkAlreadyInTheRepository() throws Exception {
        commitSymlink("symlink", "dir");
        assertRefused("diff --git a/symlink/b.txt b/symlink/b.txt\n--- a/symlink/b.txt\n+++ b/symlink/b.txt\n@@ -1 +1 @@\n-b\n+evil\n",
                "symlink/b.txt: writes through the symlink symlink");
    }

    @Test
    void aFileCannotBeCreatedThroughANestedSymlinkAlreadyInTheRepository() throws Exception {
        commitSymlink("dir/up", "../..");
        assertRefused(addFile("dir/up/deeper/foo"), "dir/up/deeper/foo: writes through the symlink dir/up");
    }

    @Test
    void aFileAndADirectoryOfTheSameNameInOnePatchAreRefused() throws Exception {
        assertRefused(addFile("tmp") + addFile("tmp/foo"), "a file and a directory would share a path");
    }

    @Test
    void aFileCannotBeCreatedUnderAnExistingFile() throws Exception {
        assertRefused(addFile("a.txt/foo"), "a file and a directory would share a path");
    }

    @Test
    void aFileBesideASymlinkWithTheSamePrefixStillApplies() throws Exception {
        commitSymlink("link", "dir");
        AppliedPatch applied = snapshot().apply(addFile("linked/foo"));
        assertEquals(java.util.List.of("linked/foo"), applied.paths());
    }

    private void assertRefused(String diff, String reason) throws Exception {
        Snapshot snapshot = snapshot();
        Map<String, String> before = watched();
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff));
        assertTrue(e.problems().stream().anyMatch(problem -> problem.contains(reason)), e.problems() + " should name: " + reason);
        assertEquals(before, watched(), "nothing may be written, inside .git or outside the repository");
    }

    private Snapshot snapshot() {
        return new RepositoryCache(tmp.resolve("cache"), Duration.ofMinutes(5)).snapshot(repo.toString(), "main");
    }

    private void commitSymlink(String path, String target) throws Exception {
        Path link = repo.resolve(path);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(path).call();
            git.commit().setMessage("link").setAuthor("t", "t@e").setCommitter("t", "t@e").setSign(false).call();
        }
    }

    private static String addFile(String path) {
        return "diff --git a/" + path + " b/" + path + "\nnew file mode 100644\n--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1 @@\n+evil\n";
    }

    private static String addSymlink(String path, String target) {
        return "diff --git a/" + path + " b/" + path + "\nnew file mode 120000\n--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1 @@\n+" + target
                + "\n\\ No newline at end of file\n";
    }

    // The directory around the repository, and the cache mirror's config and hooks; JGit's own gc may rewrite the mirror's other files.
    private Map<String, String> watched() throws IOException {
        Map<String, String> entries = new TreeMap<>(fingerprint(tmp.resolve("outside")));
        try (Stream<Path> mirrors = Files.list(tmp.resolve("cache"))) {
            for (Path mirror : mirrors.toList()) {
                entries.put(mirror.getFileName() + "/config", sha256(Files.readAllBytes(mirror.resolve("config"))));
                fingerprint(mirror.resolve("hooks")).forEach((key, value) -> entries.put(mirror.getFileName() + "/hooks/" + key, value));
            }
        }
        return entries;
    }

    // Every file and link under the root with its content (or target), so any write anywhere shows as a difference.
    private static Map<String, String> fingerprint(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String key = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    entries.put(key, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(key, sha256(Files.readAllBytes(path)));
                } else {
                    entries.put(key, "dir");
                }
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
