package dev.patchlane.codebase;

import static dev.patchlane.codebase.safety.Diffs.addFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.safety.Diffs;
import dev.patchlane.codebase.safety.Refusal;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.SafetyPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules that need the repository, and the policy switches that let a patch through to be applied. */
class SnapshotSafetyTest {

    @TempDir
    Path tmp;

    private Snapshot snapshot(Map<String, String> files) throws Exception {
        return TestRepositories.snapshot(tmp, files);
    }

    @Test
    void aNewExecutableFileAppliesWhereAllowedAndIsExecutableInTheTree() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String diff = Diffs.addFileWithMode("run.sh", "100755", "#!/bin/sh", "echo hi");
        assertRule(RefusalRule.EXECUTABLE_MODE, () -> snapshot.apply(diff));
        AppliedPatch applied = snapshot.apply(diff, policy(true, false, List.of()));
        assertEquals(FileMode.EXECUTABLE_FILE, mode(applied, "run.sh"));
    }

    @Test
    void aModeOnlyOnTheIndexLineCannotMakeAFileExecutableUnnoticed() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String diff = "diff --git a/a.txt b/a.txt\nindex 1234567..89abcde 100755\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-actual\n+changed\n";
        Refusal refusal = assertRule(RefusalRule.EXECUTABLE_MODE, () -> snapshot.apply(diff));
        assertEquals("a.txt: would be executable after applying", refusal.message());
        assertEquals(FileMode.EXECUTABLE_FILE, mode(snapshot.apply(diff, policy(true, false, List.of())), "a.txt"));
    }

    @Test
    void aGitBinaryPatchAppliesWhereAllowed() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        assertRule(RefusalRule.BINARY_PATCH, () -> snapshot.apply(Diffs.ADD_LOGO));
        AppliedPatch applied = snapshot.apply(Diffs.ADD_LOGO, policy(false, true, List.of()));
        assertEquals(List.of("logo.png"), applied.paths());
        assertArrayEquals(Diffs.LOGO, content(applied, "logo.png"));
    }

    @Test
    void binaryDataThatJGitCannotDecodeDoesNotApply() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String corrupt = Diffs.ADD_LOGO.replace("ccmeAS@N?(olHy`uWMVEz", "ccmeAS@N?(olHy`uWMVEy");
        assertRule(RefusalRule.DOES_NOT_APPLY, () -> snapshot.apply(corrupt, policy(false, true, List.of())));
    }

    @Test
    void aProtectedPathAppliesWhereThePolicyAllowsIt() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String diff = addFile(".github/workflows/ci.yml", "on: push");
        assertRule(RefusalRule.PROTECTED_PATH, () -> snapshot.apply(diff));
        AppliedPatch applied = snapshot.apply(diff, policy(false, false, List.of(".github/workflows/**")));
        assertEquals(List.of(".github/workflows/ci.yml"), applied.paths());
    }

    @Test
    void aSecretIsRefusedOnTheWayToTheRepositoryAndNeverQuoted() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String token = "ghp_" + "Zq8xLm2Pw9KtR4vNb7YhC3dFs6Jq8xLm2Pw9";
        PatchRejectedException e = assertThrows(PatchRejectedException.class,
                () -> snapshot.apply(Diffs.modify("a.txt", "actual", "CI pushes with " + token)));
        assertEquals(List.of(new Refusal(RefusalRule.SECRET, "a.txt", "line 1 adds what looks like a GitHub token")), e.refusals());
        assertFalse(e.getMessage().contains("Zq8xLm2"), e.getMessage());
        assertFalse(e.refusals().toString().contains("Zq8xLm2"));
    }

    @Test
    void aDiffAgainstOtherContentDoesNotApply() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        Refusal refusal = assertRule(RefusalRule.DOES_NOT_APPLY, () -> snapshot.apply(Diffs.modify("a.txt", "imagined", "changed")));
        assertTrue(refusal.detail().contains("a.txt"), refusal.detail());
    }

    @Test
    void aPatchThatLeavesTheTreeAsItWasChangesNothing() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        assertRule(RefusalRule.CHANGES_NOTHING, () -> snapshot.apply(Diffs.modify("a.txt", "actual", "actual")));
    }

    @Test
    void aNewFileThatIsAnExistingOneWhereCaseIsIgnoredClashes() throws Exception {
        Snapshot snapshot = snapshot(Map.of("README.md", "actual\n"));
        Refusal refusal = assertRule(RefusalRule.PATH_CLASH, () -> snapshot.apply(addFile("readme.md", "other")));
        assertEquals("readme.md: and README.md would be one file where case is ignored (macOS, Windows)", refusal.message());
        assertEquals(List.of("README.md", "readme.md"), snapshot.apply(Diffs.rename("README.md", "readme.md")).paths());
    }

    @Test
    void whatApplyingWroteIsCheckedAgainAgainstThePathRulesAndTheDeclaredPaths() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        AppliedPatch applied = snapshot.apply(Diffs.modify("a.txt", "actual", "changed") + addFile(".vscode/x.json", "{}"),
                policy(false, false, List.of(".vscode/**")));
        try (RevWalk walk = new RevWalk(snapshot.repository()); ObjectReader reader = snapshot.repository().newObjectReader()) {
            RevTree base = walk.parseCommit(snapshot.commit()).getTree();
            SafetyPolicy defaults = SafetyPolicy.defaults();
            assertEquals(List.of(), AppliedTreeCheck.refusals(reader, base, applied.tree(), applied.paths(), List.of("a.txt", ".vscode/x.json"),
                    policy(false, false, List.of(".vscode/**"))));
            List<Refusal> undeclared = AppliedTreeCheck.refusals(reader, base, applied.tree(), applied.paths(), List.of("a.txt"),
                    policy(false, false, List.of(".vscode/**")));
            assertEquals(List.of(new Refusal(RefusalRule.UNDECLARED_PATH, ".vscode/x.json", "was written though no file section of the patch names it")),
                    undeclared);
            List<Refusal> reported = AppliedTreeCheck.refusals(reader, base, applied.tree(), List.of("../a.txt", "a.txt", ".vscode/x.json"),
                    List.of("a.txt", ".vscode/x.json"), defaults);
            assertEquals(List.of(RefusalRule.OUTSIDE_REPOSITORY, RefusalRule.UNDECLARED_PATH, RefusalRule.PROTECTED_PATH),
                    reported.stream().map(Refusal::rule).toList());
        }
    }

    @Test
    void theOneArgumentApplyUsesTheDefaultPolicy() throws Exception {
        Snapshot snapshot = snapshot(Map.of("a.txt", "actual\n"));
        String diff = addFile("a/b.txt", "x") + addFile("CODEOWNERS", "* @team");
        PatchRejectedException viaDefault = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff));
        PatchRejectedException viaExplicit = assertThrows(PatchRejectedException.class, () -> snapshot.apply(diff, SafetyPolicy.defaults()));
        assertEquals(viaExplicit.refusals(), viaDefault.refusals());
    }

    private static Refusal assertRule(RefusalRule rule, org.junit.jupiter.api.function.Executable apply) {
        PatchRejectedException e = assertThrows(PatchRejectedException.class, apply);
        return e.refusals().stream().filter(refusal -> refusal.rule() == rule).findFirst()
                .orElseThrow(() -> new AssertionError(e.refusals() + " should name " + rule));
    }

    private static SafetyPolicy policy(boolean executable, boolean binary, List<String> globs) {
        return new SafetyPolicy(executable, binary, globs, 50, 5000, 1_048_576, true);
    }

    private static FileMode mode(AppliedPatch applied, String path) throws Exception {
        try (TreeWalk walk = TreeWalk.forPath(applied.base().repository(), path, applied.tree())) {
            return walk.getFileMode(0);
        }
    }

    private static byte[] content(AppliedPatch applied, String path) throws Exception {
        try (TreeWalk walk = TreeWalk.forPath(applied.base().repository(), path, applied.tree())) {
            return applied.base().repository().open(walk.getObjectId(0)).getBytes();
        }
    }
}
