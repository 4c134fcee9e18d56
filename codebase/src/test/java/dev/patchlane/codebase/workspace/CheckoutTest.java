package dev.patchlane.codebase.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.Checkouts;
import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.codebase.safety.Diffs;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckoutTest {

    private static final SafetyPolicy DEFAULTS = SafetyPolicy.defaults();

    @TempDir
    Path tmp;

    private Snapshot snapshot;
    private Workspaces workspaces;

    @BeforeEach
    void createRepository() throws Exception {
        snapshot = TestRepos.snapshot(tmp, TestRepos.standard());
        workspaces = new Workspaces(tmp.resolve("workspaces"));
    }

    private Checkout checkout() {
        return Checkout.of(snapshot, workspaces.create("test"));
    }

    @Test
    void everyRegularAndExecutableFileIsWrittenWithItsModeAndNoLinkOrSubmoduleIs() throws Exception {
        try (Checkout checkout = checkout()) {
            Map<String, Tree.File> expected = Tree.files(snapshot, null);
            expected.keySet().removeAll(List.of("link", "escape", "vendor/lib"));
            assertEquals(expected, Tree.onDisk(checkout.directory()));
            assertTrue(Files.isExecutable(checkout.directory().resolve("bin/run.sh")));
            assertFalse(Files.isExecutable(checkout.directory().resolve("README.md")));
            assertEquals(List.of("escape", "link", "vendor/lib"), checkout.skippedPaths());
            assertFalse(Files.exists(checkout.directory().resolve("link"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(checkout.directory().resolve("vendor"), LinkOption.NOFOLLOW_LINKS));
            assertEquals(snapshot.commitId(), checkout.baseCommit());
            assertEquals("", checkout.diff());
            assertEquals(List.of(), checkout.changedPaths());
        }
    }

    @Test
    void namesNoGitClientWouldCheckOutAreNotWritten() throws Exception {
        Snapshot hostile = TestRepos.snapshot(tmp.resolve("hostile"), inserter -> {
            ObjectId config = inserter.insert(Constants.OBJ_BLOB, "[core]\n\thooksPath = /tmp\n".getBytes(StandardCharsets.UTF_8));
            TreeFormatter gitDir = new TreeFormatter();
            gitDir.append("config", FileMode.REGULAR_FILE, config);
            ObjectId gitTree = inserter.insert(gitDir);
            TreeFormatter up = new TreeFormatter();
            up.append("escaped.txt", FileMode.REGULAR_FILE, config);
            TreeFormatter root = new TreeFormatter();
            root.append("..", FileMode.TREE, inserter.insert(up));
            root.append(".GIT", FileMode.TREE, gitTree);
            root.append(".git", FileMode.TREE, gitTree);
            root.append(".gitmodules", FileMode.REGULAR_FILE, config);
            root.append("ok.txt", FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, "ok\n".getBytes(StandardCharsets.UTF_8)));
            return inserter.insert(root);
        });
        Path workspacesRoot = tmp.resolve("hostile-workspaces");
        try (Checkout checkout = Checkout.of(hostile, new Workspaces(workspacesRoot).create("hostile"))) {
            assertEquals(List.of("../escaped.txt", ".GIT/config", ".git/config"), checkout.skippedPaths());
            assertEquals(List.of(".gitmodules", "ok.txt"), checkout.list("", 10));
            assertTrue(checkout.read(".gitmodules", 1000).isPresent());
            assertEquals("", checkout.diff());
            try (Stream<Path> entries = Files.list(workspacesRoot)) {
                assertEquals(2, entries.count(), "only the workspace and its lock");
            }
        }
    }

    @Test
    void aWorkspaceThatIsNotEmptyIsRefusedAndClosed() throws Exception {
        Workspace workspace = workspaces.create("used");
        Files.writeString(workspace.directory().resolve("left.txt"), "left over");
        assertThrows(IllegalStateException.class, () -> Checkout.of(snapshot, workspace));
        assertFalse(workspace.isOpen());
        assertFalse(Files.exists(workspace.directory()));
    }

    @Test
    void theMirrorIsNeitherCheckedOutNorWrittenTo() throws Exception {
        Map<String, String> before = listing(tmp.resolve("cache"));
        try (Checkout checkout = checkout()) {
            checkout.write("README.md", "changed\n", DEFAULTS);
            checkout.applyDiff(Diffs.addFile("added.txt", "added"), DEFAULTS);
            checkout.delete("big.txt", DEFAULTS);
            checkout.diff();
        }
        assertEquals(before, listing(tmp.resolve("cache")));
        assertTrue(before.keySet().stream().noneMatch(path -> path.endsWith("/index") || path.contains("README")), before.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "../outside, OUTSIDE_REPOSITORY",
        "/etc/passwd, ABSOLUTE_PATH",
        "a/../../b, OUTSIDE_REPOSITORY",
        ".git/config, INSIDE_GIT_DIR",
        ".GIT/hooks/x, INSIDE_GIT_DIR",
        "a//b, UNNORMALISED_PATH",
        "C:/x, ABSOLUTE_PATH",
        "src/, UNNORMALISED_PATH",
        "link, SYMLINK_OR_SUBMODULE",
        "Link/x, WRITES_THROUGH_SYMLINK",
        "escape/passwd, WRITES_THROUGH_SYMLINK",
        "vendor/lib, SYMLINK_OR_SUBMODULE",
        "vendor/lib/x.c, WRITES_THROUGH_SYMLINK"})
    void hostilePathsAreRefusedByEveryCallWithTheirRule(String path, RefusalRule rule) throws Exception {
        Files.writeString(tmp.resolve("outside"), "outside");
        try (Checkout checkout = checkout()) {
            Map<String, Tree.File> before = Tree.onDisk(checkout.directory());
            assertRefused(rule, () -> checkout.read(path, 1000));
            assertRefused(rule, () -> checkout.write(path, "evil\n", DEFAULTS));
            assertRefused(rule, () -> checkout.delete(path, DEFAULTS));
            assertRefused(rule, () -> checkout.list(path, 10));
            assertRefused(rule, () -> checkout.search("x", path, 10));
            assertEquals(before, Tree.onDisk(checkout.directory()));
            assertEquals("outside", Files.readString(tmp.resolve("outside")));
        }
    }

    @Test
    void protectedPathsCanBeReadButAreWrittenOnlyWhereThePolicyAllows() throws Exception {
        try (Checkout checkout = checkout()) {
            assertEquals(Optional.of("on: push\n"), checkout.read(".github/workflows/ci.yml", 1000));
            assertRefused(RefusalRule.PROTECTED_PATH, () -> checkout.write(".github/workflows/ci.yml", "on: pull_request\n", DEFAULTS));
            assertRefused(RefusalRule.PROTECTED_PATH, () -> checkout.delete(".github/workflows/ci.yml", DEFAULTS));
            SafetyPolicy allowing = new SafetyPolicy(false, false, List.of(".github/workflows/**"), 50, 5000, 1_048_576, true);
            checkout.write(".github/workflows/ci.yml", "on: pull_request\n", allowing);
            assertEquals(Optional.of("on: pull_request\n"), checkout.read(".github/workflows/ci.yml", 1000));
        }
    }

    @Test
    void aSymlinkACheckCreatedIsNeitherFollowedNorDiffed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside-dir"));
        Files.writeString(outside.resolve("secret.txt"), "secret\n");
        try (Checkout checkout = checkout()) {
            Files.createSymbolicLink(checkout.directory().resolve("src/out"), outside);
            Files.createSymbolicLink(checkout.directory().resolve("pointer.txt"), outside.resolve("secret.txt"));
            assertRefused(RefusalRule.WRITES_THROUGH_SYMLINK, () -> checkout.read("src/out/secret.txt", 1000));
            assertRefused(RefusalRule.WRITES_THROUGH_SYMLINK, () -> checkout.write("src/out/new.txt", "x", DEFAULTS));
            assertRefused(RefusalRule.SYMLINK_OR_SUBMODULE, () -> checkout.read("pointer.txt", 1000));
            assertRefused(RefusalRule.SYMLINK_OR_SUBMODULE, () -> checkout.write("pointer.txt", "x", DEFAULTS));
            assertRefused(RefusalRule.WRITES_THROUGH_SYMLINK, () -> checkout.applyDiff(Diffs.addFile("src/out/new.txt", "x"), DEFAULTS));
            assertFalse(checkout.list("", 100).stream().anyMatch(path -> path.contains("secret") || path.contains("pointer")));
            assertEquals(List.of(), checkout.search("secret", "", 10));
            assertEquals("", checkout.diff());
        }
        assertEquals(List.of("secret.txt"), List.of(outside.toFile().list()));
    }

    @Test
    void readGivesCurrentTextAndRefusesBinaryOversizedAndDirectories() throws Exception {
        try (Checkout checkout = checkout()) {
            assertEquals(Optional.of("# Demo\nhello world\n"), checkout.read("README.md", 1000));
            assertEquals(Optional.of("no newline at the end"), checkout.read("nonl.txt", 21));
            assertEquals(Optional.empty(), checkout.read("missing.txt", 1000));
            assertEquals(Optional.empty(), checkout.read(".gitmodules", 1000));
            PatchRejectedException binary = assertRefused(RefusalRule.BINARY_PATCH, () -> checkout.read("assets/logo.png", 1000));
            assertEquals("assets/logo.png: is binary; only text files can be read", binary.getMessage());
            PatchRejectedException large = assertRefused(RefusalRule.TOO_LARGE, () -> checkout.read("big.txt", 100));
            assertEquals("big.txt: is 5100 bytes, more than the 100 bytes a read may return", large.getMessage());
            assertRefused(RefusalRule.TOO_LARGE, () -> checkout.read("nonl.txt", 20));
            assertRefused(RefusalRule.PATH_CLASH, () -> checkout.read("src", 1000));
            checkout.write("README.md", "edited\n", DEFAULTS);
            assertEquals(Optional.of("edited\n"), checkout.read("README.md", 1000));
        }
    }

    @Test
    void listGivesSortedPathsUpToTheLimit() throws Exception {
        try (Checkout checkout = checkout()) {
            List<String> all = List.of(".github/workflows/ci.yml", "README.md", "assets/logo.png", "big.txt", "bin/run.sh",
                    "docs/empty.txt", "docs/guide.md", "nonl.txt", "src/Main.java", "src/util/Text.java");
            assertEquals(all, checkout.list("", 100));
            assertEquals(all.subList(0, 3), checkout.list("", 3));
            assertEquals(List.of("src/Main.java", "src/util/Text.java"), checkout.list("src", 10));
            assertEquals(List.of("src/util/Text.java"), checkout.list("src/util", 10));
            assertEquals(List.of(), checkout.list("missing", 10));
            assertEquals(List.of(), checkout.list("", 0));
            checkout.write("src/a.b/c.txt", "c\n", DEFAULTS);
            assertEquals(List.of("src/Main.java", "src/a.b/c.txt", "src/util/Text.java"), checkout.list("src", 10));
        }
    }

    @Test
    void searchFindsLiteralLinesInTextFilesUpToTheLimit() throws Exception {
        try (Checkout checkout = checkout()) {
            assertEquals(List.of(new SearchHit("src/Main.java", 2, "    // NOTE: greet"), new SearchHit("src/util/Text.java", 2, "    // NOTE: trim")),
                    checkout.search("NOTE", "", 10));
            assertEquals(List.of(new SearchHit("src/Main.java", 2, "    // NOTE: greet")), checkout.search("NOTE", "", 1));
            assertEquals(List.of(new SearchHit("src/util/Text.java", 2, "    // NOTE: trim")), checkout.search("NOTE", "src/util", 10));
            assertEquals(List.of(), checkout.search("PNG", "", 10), "binary files are not searched");
            assertEquals(3, checkout.search("line", "", 3).size());
            checkout.write("long.txt", "a".repeat(500) + "NEEDLE" + "b".repeat(500) + "\r\n", DEFAULTS);
            SearchHit hit = checkout.search("NEEDLE", "", 10).get(0);
            assertEquals(Checkout.MAX_HIT_CHARS, hit.text().length());
            assertTrue(hit.text().contains("NEEDLE"));
            assertThrows(IllegalArgumentException.class, () -> checkout.search("", "", 10));
        }
    }

    @Test
    void writeCreatesParentsKeepsModesAndRefusesClashesAndOversizedContent() throws Exception {
        try (Checkout checkout = checkout()) {
            checkout.write("new/deep/file.txt", "fresh\n", DEFAULTS);
            assertEquals("fresh\n", Files.readString(checkout.directory().resolve("new/deep/file.txt")));
            checkout.write("bin/run.sh", "#!/bin/sh\necho bye\n", DEFAULTS);
            assertTrue(Files.isExecutable(checkout.directory().resolve("bin/run.sh")));
            assertRefused(RefusalRule.PATH_CLASH, () -> checkout.write("README.md/x", "x", DEFAULTS));
            assertRefused(RefusalRule.PATH_CLASH, () -> checkout.write("src", "x", DEFAULTS));
            assertRefused(RefusalRule.PATH_CLASH, () -> checkout.write("readme.md", "x", DEFAULTS));
            assertRefused(RefusalRule.PATH_CLASH, () -> checkout.write("SRC/New.java", "x", DEFAULTS));
            SafetyPolicy small = new SafetyPolicy(false, false, List.of(), 50, 5000, 10, true);
            assertRefused(RefusalRule.TOO_LARGE, () -> checkout.write("small.txt", "more than ten bytes", small));
            assertRefused(RefusalRule.BINARY_PATCH, () -> checkout.write("zero.bin", "a\0b", DEFAULTS));
            assertEquals(List.of("bin/run.sh", "new/deep/file.txt"), checkout.changedPaths());
        }
    }

    @Test
    void deleteRemovesTheFileAndTheDirectoriesItEmptied() throws Exception {
        try (Checkout checkout = checkout()) {
            checkout.delete("src/util/Text.java", DEFAULTS);
            assertFalse(Files.exists(checkout.directory().resolve("src/util")));
            assertTrue(Files.exists(checkout.directory().resolve("src/Main.java")));
            assertRefused(RefusalRule.DOES_NOT_APPLY, () -> checkout.delete("src/util/Text.java", DEFAULTS));
            assertRefused(RefusalRule.PATH_CLASH, () -> checkout.delete("src", DEFAULTS));
            assertEquals(List.of("src/util/Text.java"), checkout.changedPaths());
        }
    }

    @Test
    void aDiffAppliesToTheCurrentFilesNotTheBaseCommit() throws Exception {
        try (Checkout checkout = checkout()) {
            checkout.write("README.md", "edited\n", DEFAULTS);
            AppliedDiff applied = checkout.applyDiff(Diffs.modify("README.md", "edited", "edited twice")
                    + Diffs.addFile("src/New.java", "class New {}") + Diffs.deleteFile("docs/guide.md", "guide"), DEFAULTS);
            assertEquals(List.of("README.md", "docs/guide.md", "src/New.java"), applied.paths());
            assertEquals("edited twice\n", Files.readString(checkout.directory().resolve("README.md")));
            assertEquals("class New {}\n", Files.readString(checkout.directory().resolve("src/New.java")));
            assertFalse(Files.exists(checkout.directory().resolve("docs/guide.md")));
            assertRefused(RefusalRule.DOES_NOT_APPLY, () -> checkout.applyDiff(Diffs.modify("README.md", "# Demo", "# Changed"), DEFAULTS));
        }
    }

    @Test
    void aDiffThatDoesNotApplyLeavesEveryFileAsItWas() throws Exception {
        try (Checkout checkout = checkout()) {
            checkout.write("README.md", "edited\n", DEFAULTS);
            Map<String, Tree.File> before = Tree.onDisk(checkout.directory());
            String diff = Diffs.modify("README.md", "edited", "applies") + Diffs.addFile("new.txt", "new")
                    + Diffs.modify("src/Main.java", "class Imagined {", "class Main {");
            PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> checkout.applyDiff(diff, DEFAULTS));
            assertEquals(List.of(RefusalRule.DOES_NOT_APPLY), e.refusals().stream().map(r -> r.rule()).distinct().toList(), e.getMessage());
            assertEquals(before, Tree.onDisk(checkout.directory()));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "link, SYMLINK_OR_SUBMODULE",
        "vendor/lib/x.c, WRITES_THROUGH_SYMLINK",
        "../outside.txt, OUTSIDE_REPOSITORY",
        ".github/workflows/ci.yml, PROTECTED_PATH",
        "README.md/x, PATH_CLASH",
        "readme.md, PATH_CLASH"})
    void aDiffIsCheckedAsSnapshotApplyChecksIt(String path, RefusalRule rule) throws Exception {
        try (Checkout checkout = checkout()) {
            Map<String, Tree.File> before = Tree.onDisk(checkout.directory());
            PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> checkout.applyDiff(Diffs.addFile(path, "x"), DEFAULTS));
            assertTrue(e.refusals().stream().anyMatch(refusal -> refusal.rule() == rule), e.getMessage());
            assertEquals(before, Tree.onDisk(checkout.directory()));
        }
    }

    @Test
    void aModeOnlyOnTheIndexLineCannotMakeAFileExecutable() throws Exception {
        try (Checkout checkout = checkout()) {
            String diff = "diff --git a/README.md b/README.md\nindex 1234567..89abcde 100755\n--- a/README.md\n+++ b/README.md\n"
                    + "@@ -1,2 +1,2 @@\n # Demo\n-hello world\n+hello there\n";
            assertRefused(RefusalRule.EXECUTABLE_MODE, () -> checkout.applyDiff(diff, DEFAULTS));
            assertEquals("# Demo\nhello world\n", Files.readString(checkout.directory().resolve("README.md")));
        }
    }

    @Test
    void theDiffRecreatesTheWorkspaceExactlyWhenSnapshotApplyAppliesIt() throws Exception {
        try (Checkout checkout = checkout()) {
            Path dir = checkout.directory();
            checkout.write("README.md", "# Demo\nhello there\n", DEFAULTS);
            checkout.write("nonl.txt", "still no newline, but changed", DEFAULTS);
            checkout.write("big.txt", "x".repeat(99) + "\n" + "line\n".repeat(500) + "middle\n" + "line\n".repeat(500), DEFAULTS);
            checkout.write("bin/run.sh", "#!/bin/sh\necho bye", DEFAULTS);
            checkout.write("new/no-newline.txt", "last line", DEFAULTS);
            checkout.write("new/empty.txt", "", DEFAULTS);
            checkout.write("new/crlf.txt", "one\r\ntwo\r\n", DEFAULTS);
            checkout.write("with space/a b.txt", "spaced\n", DEFAULTS);
            checkout.write("naïve/ünïcode.txt", "ünïcode\n", DEFAULTS);
            checkout.write("quote\"d.txt", "quoted\n", DEFAULTS);
            checkout.delete("src/util/Text.java", DEFAULTS);
            checkout.delete("docs/guide.md", DEFAULTS);
            checkout.delete("docs/empty.txt", DEFAULTS);
            checkout.write("docs/guide.md/index.md", "a file became a directory\n", DEFAULTS);
            checkout.applyDiff(Diffs.addFile("src/Added.java", "class Added {}"), DEFAULTS);
            // A check run in the sandbox may change a mode behind the tools' back.
            Files.setPosixFilePermissions(dir.resolve("bin/run.sh"), EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

            String diff = checkout.diff();
            assertTrue(diff.contains("--- /dev/null\n+++ b/new/no-newline.txt\n"), diff);
            assertTrue(diff.contains("--- a/src/util/Text.java\n+++ /dev/null\n"), diff);
            assertTrue(diff.contains("old mode 100755\nnew mode 100644\n"), diff);
            assertTrue(diff.contains("-no newline at the end\n\\ No newline at end of file\n+still no newline, but changed\n\\ No newline at end of file\n"), diff);
            Map<String, Tree.File> applied = Tree.files(snapshot, snapshot.apply(diff, DEFAULTS).tree());
            applied.keySet().removeAll(checkout.skippedPaths());
            assertEquals(Tree.onDisk(dir), applied);
            assertEquals(List.of("README.md", "big.txt", "bin/run.sh", "docs/empty.txt", "docs/guide.md", "docs/guide.md/index.md", "naïve/ünïcode.txt",
                    "new/crlf.txt", "new/empty.txt", "new/no-newline.txt", "nonl.txt", "quote\"d.txt", "src/Added.java",
                    "src/util/Text.java", "with space/a b.txt"), checkout.changedPaths());
        }
    }

    @Test
    void aModeChangedBehindTheToolsBackTravelsAsModeLinesAndNeedsAPolicyToMakeAFileExecutable() throws Exception {
        SafetyPolicy executable = new SafetyPolicy(true, false, List.of(), 50, 5000, 1_048_576, true);
        try (Checkout checkout = checkout()) {
            Path dir = checkout.directory();
            Files.setPosixFilePermissions(dir.resolve("README.md"), EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            Files.setPosixFilePermissions(dir.resolve("bin/run.sh"), EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            String diff = checkout.diff();
            assertEquals("diff --git a/README.md b/README.md\nold mode 100644\nnew mode 100755\n"
                    + "diff --git a/bin/run.sh b/bin/run.sh\nold mode 100755\nnew mode 100644\n", diff);
            PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff, DEFAULTS));
            assertEquals(List.of(RefusalRule.EXECUTABLE_MODE), e.refusals().stream().map(refusal -> refusal.rule()).toList());
            Map<String, Tree.File> applied = Tree.files(snapshot, snapshot.apply(diff, executable).tree());
            applied.keySet().removeAll(checkout.skippedPaths());
            assertEquals(Tree.onDisk(dir), applied);
        }
    }

    @Test
    void binaryChangesTravelAsGitBinaryPatchesThatOnlyABinaryPolicyAccepts() throws Exception {
        SafetyPolicy binary = new SafetyPolicy(false, true, List.of(), 50, 5000, 1_048_576, true);
        try (Checkout checkout = checkout()) {
            checkout.applyDiff(Diffs.ADD_LOGO.replace("logo.png", "copy.png"), binary);
            assertArrayEquals(Diffs.LOGO, Files.readAllBytes(checkout.directory().resolve("copy.png")));
            checkout.delete("assets/logo.png", DEFAULTS);
            checkout.write("data.bin", "zero\0byte", binary);
            Files.write(checkout.directory().resolve("latin1.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
            String diff = checkout.diff();
            assertTrue(diff.contains("GIT binary patch\nliteral 21\n"), diff);
            PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff, DEFAULTS));
            assertTrue(e.refusals().stream().allMatch(refusal -> refusal.rule() == RefusalRule.BINARY_PATCH), e.getMessage());
            Map<String, Tree.File> applied = Tree.files(snapshot, snapshot.apply(diff, binary).tree());
            applied.keySet().removeAll(checkout.skippedPaths());
            assertEquals(Tree.onDisk(checkout.directory()), applied);
        }
    }

    @Test
    void aCheckoutOfAnAppliedPatchHoldsThePatchedFilesAndDiffsAgainstItsBase() throws Exception {
        var patched = snapshot.apply(Diffs.modify("docs/guide.md", "guide", "better guide") + Diffs.addFile("src/New.java", "class New {}"));
        try (Checkout checkout = Checkout.of(patched, workspaces.create("verify"))) {
            assertEquals("better guide\n", Files.readString(checkout.directory().resolve("docs/guide.md")));
            assertEquals(List.of("docs/guide.md", "src/New.java"), checkout.changedPaths());
            assertEquals(snapshot.commitId(), checkout.baseCommit());
            assertEquals(patched.tree(), snapshot.apply(checkout.diff()).tree());
            Map<String, Tree.File> expected = Tree.files(snapshot, patched.tree());
            expected.keySet().removeAll(checkout.skippedPaths());
            assertEquals(expected, Tree.onDisk(checkout.directory()));
        }
    }

    @Test
    void closeDeletesEveryFileAndTheLock() throws Exception {
        Checkout checkout = checkout();
        Path dir = checkout.directory();
        checkout.write("new/file.txt", "x\n", DEFAULTS);
        checkout.close();
        assertFalse(Files.exists(dir));
        assertEquals(List.of(), List.of(workspaces.root().toFile().list()));
        assertThrows(IllegalStateException.class, () -> checkout.read("README.md", 1000));
        checkout.close();
        assertThrows(IllegalStateException.class, () -> Checkout.of(snapshot, closedWorkspace()));
    }

    private Workspace closedWorkspace() {
        Workspace workspace = workspaces.create("closed");
        workspace.close();
        return workspace;
    }

    private static PatchRejectedException assertRefused(RefusalRule rule, Executable call) {
        PatchRejectedException e = assertThrows(PatchRejectedException.class, call);
        assertEquals(List.of(rule), e.refusals().stream().map(refusal -> refusal.rule()).toList(), e.getMessage());
        return e;
    }

    /**
     * Path to size, modification time and content of every file: enough to tell that nothing was written. JGit may still
     * be running its automatic gc on the mirror after the clone, so the listing waits until no lock of it is left.
     */
    private static Map<String, String> listing(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Stream<Path> paths = Files.walk(dir)) {
                Map<String, String> files = new TreeMap<>();
                boolean locked = false;
                for (Path path : paths.toList()) {
                    locked |= path.getFileName().toString().endsWith(".lock");
                    String key = dir.relativize(path).toString();
                    files.put(key, Files.isDirectory(path) ? "dir" : Files.size(path) + " " + Files.getLastModifiedTime(path) + " "
                            + Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(path))));
                }
                if (!locked || System.nanoTime() > deadline) {
                    return files;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // a file of the gc went away while it was listed: list again
            }
            Thread.sleep(50);
        }
    }

    /** The files of a tree, and of a checkout's directory, in one form, to compare them. */
    static final class Tree {

        record File(FileMode mode, String content) {
        }

        static Map<String, File> files(Snapshot snapshot, ObjectId tree) throws IOException {
            Map<String, File> files = new TreeMap<>();
            try (ObjectReader reader = Checkouts.newReader(snapshot); RevWalk walk = new RevWalk(reader); TreeWalk treeWalk = new TreeWalk(reader)) {
                treeWalk.addTree(tree != null ? tree : walk.parseCommit(ObjectId.fromString(snapshot.commitId())).getTree());
                treeWalk.setRecursive(true);
                while (treeWalk.next()) {
                    byte[] content = treeWalk.getFileMode(0) == FileMode.GITLINK ? new byte[0]
                            : reader.open(treeWalk.getObjectId(0), Constants.OBJ_BLOB).getBytes();
                    files.put(treeWalk.getPathString(), new File(treeWalk.getFileMode(0), HexFormat.of().formatHex(content)));
                }
            }
            return files;
        }

        static Map<String, File> onDisk(Path dir) throws IOException {
            Map<String, File> files = new TreeMap<>();
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    FileMode mode = Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_EXECUTE)
                            ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
                    files.put(dir.relativize(path).toString(), new File(mode, HexFormat.of().formatHex(Files.readAllBytes(path))));
                }
            }
            return files;
        }
    }
}
