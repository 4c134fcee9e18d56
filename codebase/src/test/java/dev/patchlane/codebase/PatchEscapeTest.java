package dev.patchlane.codebase;

import static dev.patchlane.codebase.safety.Diffs.addFile;
import static dev.patchlane.codebase.safety.Diffs.addSymlink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.safety.Diffs;
import dev.patchlane.codebase.safety.PatchValidator;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every case of git's t/t4139-apply-escape.sh, and path tricks of its kind, against {@link PatchValidator#validate} (what
 * {@code git apply} checks before it touches the working tree) and {@link Snapshot#apply} (which, like {@code git apply
 * --index}, writes a tree). Patchlane has no {@code --unsafe-paths}: where t4139 expects that switch to let a patch out, the
 * most permissive policy must still keep it in.
 */
class PatchEscapeTest {

    // Everything a policy can lift, lifted.
    private static final SafetyPolicy PERMISSIVE = new SafetyPolicy(true, true, List.of("**"), 10_000, 10_000_000, 100_000_000, false);

    @TempDir
    Path tmp;

    private Path repo;

    // As in t4139 the repository sits one level down, so "../foo" would land in a directory the test can watch.
    @BeforeEach
    void createRepository() throws Exception {
        repo = TestRepositories.create(tmp.resolve("outside/inside"), Map.of("a.txt", "actual\n", "dir/b.txt", "b\n"));
    }

    @Test
    @DisplayName("t4139: cannot create file containing ..")
    void cannotCreateAFileContainingDotDot() throws Exception {
        assertRefusedWithoutRepository(addFile("../foo", "evil"), SafetyPolicy.defaults(), RefusalRule.OUTSIDE_REPOSITORY);
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: can create file containing .. with --unsafe-paths (patchlane: no policy can)")
    void noPolicyLetsAPatchCreateAFileContainingDotDot() throws Exception {
        assertRefusedWithoutRepository(addFile("../foo", "evil"), PERMISSIVE, RefusalRule.OUTSIDE_REPOSITORY);
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: cannot create file containing .. (index)")
    void cannotCreateAFileContainingDotDotInTheTree() throws Exception {
        assertRefused(addFile("../foo", "evil"), SafetyPolicy.defaults(), RefusalRule.OUTSIDE_REPOSITORY);
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: cannot create file containing .. with --unsafe-paths (index)")
    void cannotCreateAFileContainingDotDotInTheTreeWhateverThePolicy() throws Exception {
        assertRefused(addFile("../foo", "evil"), PERMISSIVE, RefusalRule.OUTSIDE_REPOSITORY);
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: cannot delete file containing ..")
    void cannotDeleteAFileContainingDotDot() throws Exception {
        Files.writeString(tmp.resolve("outside/foo"), "evil\n");
        assertRefusedWithoutRepository(Diffs.deleteFile("../foo", "evil"), SafetyPolicy.defaults(), RefusalRule.OUTSIDE_REPOSITORY);
        assertTrue(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: can delete file containing .. with --unsafe-paths (patchlane: no policy can)")
    void noPolicyLetsAPatchDeleteAFileContainingDotDot() throws Exception {
        Files.writeString(tmp.resolve("outside/foo"), "evil\n");
        assertRefused(Diffs.deleteFile("../foo", "evil"), PERMISSIVE, RefusalRule.OUTSIDE_REPOSITORY);
        assertTrue(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: cannot delete file containing .. (index)")
    void cannotDeleteAFileContainingDotDotInTheTree() throws Exception {
        Files.writeString(tmp.resolve("outside/foo"), "evil\n");
        assertRefused(Diffs.deleteFile("../foo", "evil"), SafetyPolicy.defaults(), RefusalRule.OUTSIDE_REPOSITORY);
        assertTrue(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: symlink escape via ..")
    void symlinkEscapeViaDotDot() throws Exception {
        String diff = addSymlink("tmp", "..") + addFile("tmp/foo", "evil");
        assertRefusedWithoutRepository(diff, SafetyPolicy.defaults(), RefusalRule.SYMLINK_OR_SUBMODULE);
        assertRefusedWithoutRepository(diff, PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: symlink escape via .. (index)")
    void symlinkEscapeViaDotDotInTheTree() throws Exception {
        String diff = addSymlink("tmp", "..") + addFile("tmp/foo", "evil");
        assertRefused(diff, SafetyPolicy.defaults(), RefusalRule.SYMLINK_OR_SUBMODULE);
        assertRefused(diff, PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: symlink escape via absolute path")
    void symlinkEscapeViaAbsolutePath() throws Exception {
        String diff = addSymlink("tmp", repo.toString()) + addFile("tmp/foo", "evil");
        assertRefusedWithoutRepository(diff, SafetyPolicy.defaults(), RefusalRule.SYMLINK_OR_SUBMODULE);
        assertRefusedWithoutRepository(diff, PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
        assertFalse(Files.exists(tmp.resolve("outside/foo")));
    }

    @Test
    @DisplayName("t4139: symlink escape via absolute path (index)")
    void symlinkEscapeViaAbsolutePathInTheTree() throws Exception {
        String diff = addSymlink("tmp", repo.toString()) + addFile("tmp/foo", "evil");
        assertRefused(diff, SafetyPolicy.defaults(), RefusalRule.SYMLINK_OR_SUBMODULE);
        assertRefused(diff, PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
        assertFalse(Files.exists(repo.resolve("tmp")));
    }

    @ParameterizedTest(name = "add {0}")
    @CsvSource(delimiter = '|', value = {
        "../foo                    | OUTSIDE_REPOSITORY",
        "dir/../../foo             | OUTSIDE_REPOSITORY",
        "..\\foo                   | OUTSIDE_REPOSITORY",
        "dir\\..\\..\\foo          | OUTSIDE_REPOSITORY",
        "'.. /foo'                 | OUTSIDE_REPOSITORY",
        "dir/./../.git/config      | OUTSIDE_REPOSITORY",
        "/tmp/patchlane-evil       | ABSOLUTE_PATH",
        "C:/evil                   | ABSOLUTE_PATH",
        "c:evil                    | ABSOLUTE_PATH",
        "\\\\server\\share\\evil   | ABSOLUTE_PATH",
        "a/./b                     | UNNORMALISED_PATH",
        "./a.txt                   | UNNORMALISED_PATH",
        "a//b                      | UNNORMALISED_PATH",
        "dir/                      | UNNORMALISED_PATH",
        "dir\\b.txt                | UNNORMALISED_PATH",
        "'dir /b.txt'              | UNNORMALISED_PATH",
        "dir./b.txt                | UNNORMALISED_PATH",
        "a.txt:stream              | UNNORMALISED_PATH",
        "a\u200b\u200cb.txt        | UNNORMALISED_PATH",
        ".git/config               | INSIDE_GIT_DIR",
        ".GIT/config               | INSIDE_GIT_DIR",
        ".Git/hooks/pre-commit     | INSIDE_GIT_DIR",
        "sub/.git/config           | INSIDE_GIT_DIR",
        "sub\\.git\\config         | INSIDE_GIT_DIR",
        ".git./hooks/pre-commit    | INSIDE_GIT_DIR",
        "'.git /hooks/pre-commit'  | INSIDE_GIT_DIR",
        "GIT~1/hooks/pre-commit    | INSIDE_GIT_DIR",
        ".git::$INDEX_ALLOCATION/x | INSIDE_GIT_DIR",
        ".g\u200cit/hooks/pre-commit | INSIDE_GIT_DIR",
        ".gi\ufefft/config         | INSIDE_GIT_DIR",
        ".gitmodules               | SUBMODULE_CONFIG",
        ".GitModules               | SUBMODULE_CONFIG",
        "sub/.gitmodules           | SUBMODULE_CONFIG",
        "GITMOD~1                  | SUBMODULE_CONFIG",
        ".gitmodules.              | SUBMODULE_CONFIG"})
    void aFileOutsideTheTreeInsideGitOrUnderAnotherSpellingCannotBeCreated(String path, RefusalRule rule) throws Exception {
        assertRefused(addFile(path, "evil"), PERMISSIVE, rule);
    }

    @Test
    void aControlCharacterInAQuotedPathIsRefused() throws Exception {
        String diff = "diff --git \"a/x\\tb\" \"b/x\\tb\"\nnew file mode 100644\n--- /dev/null\n+++ \"b/x\\tb\"\n@@ -0,0 +1 @@\n+evil\n";
        assertRefused(diff, PERMISSIVE, RefusalRule.UNNORMALISED_PATH);
    }

    @Test
    void aTraditionalDiffWithAnAbsolutePathIsRefused() throws Exception {
        assertRefused("--- /dev/null\n+++ /tmp/patchlane-evil\n@@ -0,0 +1 @@\n+evil\n", PERMISSIVE, RefusalRule.ABSOLUTE_PATH);
    }

    @Test
    void aRenameOutOfTheRepositoryIsRefused() throws Exception {
        assertRefused(Diffs.rename("a.txt", "../a.txt"), PERMISSIVE, RefusalRule.OUTSIDE_REPOSITORY);
        assertRefused(Diffs.rename("a.txt", ".git/hooks/post-checkout"), PERMISSIVE, RefusalRule.INSIDE_GIT_DIR);
    }

    @ParameterizedTest(name = "symlink to {0}")
    @CsvSource({"..", "/", "../..", "/etc/passwd"})
    void aSymlinkPointingOutsideCannotBeCreated(String target) throws Exception {
        assertRefused(addSymlink("tmp", target), PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
    }

    @Test
    void aFileCannotBeCreatedThroughASymlinkAlreadyInTheRepository() throws Exception {
        commitSymlink("symlink", "..");
        assertRefused(addFile("symlink/foo", "evil"), PERMISSIVE, RefusalRule.WRITES_THROUGH_SYMLINK, "symlink/foo: writes through the symlink symlink");
    }

    @Test
    void aFileCannotBeModifiedThroughASymlinkAlreadyInTheRepository() throws Exception {
        commitSymlink("symlink", "dir");
        assertRefused(Diffs.modify("symlink/b.txt", "b", "evil"), PERMISSIVE, RefusalRule.WRITES_THROUGH_SYMLINK,
                "symlink/b.txt: writes through the symlink symlink");
    }

    @Test
    void aFileCannotBeCreatedThroughANestedSymlinkAlreadyInTheRepository() throws Exception {
        commitSymlink("dir/up", "../..");
        assertRefused(addFile("dir/up/deeper/foo", "evil"), PERMISSIVE, RefusalRule.WRITES_THROUGH_SYMLINK,
                "dir/up/deeper/foo: writes through the symlink dir/up");
    }

    @Test
    @DisplayName("writing through a symlink under another case, as macOS and Windows would")
    void aFileCannotBeCreatedThroughASymlinkSpelledInAnotherCase() throws Exception {
        commitSymlink("link", "..");
        assertRefused(addFile("LINK/foo", "evil"), PERMISSIVE, RefusalRule.WRITES_THROUGH_SYMLINK, "LINK/foo: writes through the symlink link");
    }

    @Test
    void aSymlinkAlreadyInTheRepositoryCannotBeOverwrittenByAFile() throws Exception {
        commitSymlink("link", "..");
        assertRefused(Diffs.deleteFile("link", "..") , PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
        assertRefused(addFile("Link", "evil"), PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
    }

    @Test
    void aFileAndADirectoryOfTheSameNameInOnePatchAreRefused() throws Exception {
        assertRefused(addFile("tmp", "evil") + addFile("tmp/foo", "evil"), PERMISSIVE, RefusalRule.PATH_CLASH,
                "tmp/foo: a file and a directory would share the path tmp");
    }

    @Test
    void aFileCannotBeCreatedUnderAnExistingFile() throws Exception {
        assertRefused(addFile("a.txt/foo", "evil"), PERMISSIVE, RefusalRule.PATH_CLASH, "a file and a directory would share a path");
    }

    @Test
    void aFileBesideASymlinkWithTheSamePrefixStillApplies() throws Exception {
        commitSymlink("link", "dir");
        AppliedPatch applied = snapshot().apply(addFile("linked/foo", "fine"));
        assertEquals(List.of("linked/foo"), applied.paths());
    }

    private void assertRefusedWithoutRepository(String diff, SafetyPolicy policy, RefusalRule rule) throws Exception {
        Map<String, String> before = fingerprint(tmp.resolve("outside"));
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> PatchValidator.validate(diff, policy));
        assertTrue(e.refusals().stream().anyMatch(refusal -> refusal.rule() == rule), e.refusals() + " should name " + rule);
        assertEquals(before, fingerprint(tmp.resolve("outside")));
    }

    private void assertRefused(String diff, SafetyPolicy policy, RefusalRule rule) throws Exception {
        assertRefused(diff, policy, rule, "");
    }

    private void assertRefused(String diff, SafetyPolicy policy, RefusalRule rule, String message) throws Exception {
        Snapshot snapshot = snapshot();
        Map<String, String> before = watched();
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff, policy));
        assertTrue(e.refusals().stream().anyMatch(refusal -> refusal.rule() == rule && refusal.message().contains(message)),
                e.refusals() + " should name " + rule + " with: " + message);
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
