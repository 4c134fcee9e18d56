package dev.patchlane.codebase.safety;

import static dev.patchlane.codebase.safety.Diffs.addFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.PatchRejectedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rule that needs no repository, refused by rule, and each policy switch that lifts one. */
class PatchValidatorTest {

    private static final SafetyPolicy DEFAULTS = SafetyPolicy.defaults();
    // Everything a policy can lift, lifted.
    private static final SafetyPolicy PERMISSIVE = new SafetyPolicy(true, true, List.of("**"), 10_000, 10_000_000, 100_000_000, false);

    @Test
    void anOrdinaryPatchPassesAndDeclaresEveryPathItNames() {
        String diff = Diffs.modify("a.txt", "one", "two") + addFile("new/b.txt", "b") + Diffs.deleteFile("old.txt", "gone")
                + Diffs.rename("x.txt", "y.txt");
        ValidatedPatch validated = PatchValidator.validate(diff, DEFAULTS);
        assertEquals(List.of("a.txt", "new/b.txt", "old.txt", "x.txt", "y.txt"), validated.declaredPaths());
        assertEquals(4, validated.patch().getFiles().size());
        assertFalse(validated.binary());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\n\n", " \t\r\n"})
    void aBlankPatchIsEmpty(String diff) {
        assertRefused(diff, DEFAULTS, RefusalRule.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a diff at all", "diff --git a/x b/x\n", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-garbage",
        "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n-garbage\n", "+++ \n@@ -0,0 +1 @@\n+x\n", "diff --git a/ b/\nnew file mode 100644\n",
        "diff --git a/x b/x\nold mode 100644\nnew mode 140000\n"})
    void whatJGitCannotReadIsMalformed(String diff) {
        assertRefused(diff, PERMISSIVE, RefusalRule.MALFORMED);
    }

    @Test
    void theByteCapCountsUtf8BytesAndHoldsAtItsLimit() {
        String diff = addFile("caf\u00e9.txt", "\u00e9\u00e9\u00e9\u00e9");
        int bytes = diff.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes > diff.length());
        PatchValidator.validate(diff, withCaps(50, 5000, bytes));
        Refusal refusal = assertRefused(diff, withCaps(50, 5000, bytes - 1), RefusalRule.TOO_LARGE);
        assertEquals(null, refusal.path());
        assertTrue(refusal.detail().contains(bytes + " bytes"), refusal.detail());
    }

    @Test
    void aHugeInputIsRefusedBeforeItIsParsed() {
        String huge = addFile("a.txt", "x".repeat(64)).repeat(400_000);
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertRefused(huge, DEFAULTS, RefusalRule.TOO_LARGE));
    }

    @Test
    void moreFilesThanTheCapAreRefusedAndTheCapItselfPasses() {
        String diff = addFile("a.txt", "a") + addFile("b.txt", "b") + addFile("c.txt", "c");
        PatchValidator.validate(diff, withCaps(3, 5000, 1_000_000));
        Refusal refusal = assertRefused(diff, withCaps(2, 5000, 1_000_000), RefusalRule.TOO_MANY_FILES);
        assertEquals("the patch changes 3 files, more than the limit of 2", refusal.message());
    }

    @Test
    void addedPlusRemovedLinesAreCapped() {
        String diff = Diffs.modify("a.txt", "one", "two") + addFile("b.txt", "1", "2");
        PatchValidator.validate(diff, withCaps(50, 4, 1_000_000));
        assertRefused(diff, withCaps(50, 3, 1_000_000), RefusalRule.TOO_MANY_LINES);
    }

    @Test
    void aNewExecutableFileIsRefusedUnlessAllowed() {
        String diff = Diffs.addFileWithMode("run.sh", "100755", "#!/bin/sh");
        Refusal refusal = assertRefused(diff, DEFAULTS, RefusalRule.EXECUTABLE_MODE);
        assertEquals("run.sh: would be a new executable file", refusal.message());
        PatchValidator.validate(diff, allowing(true, false, List.of()));
    }

    @Test
    void makingAFileExecutableIsRefusedUnlessAllowedAndTheReverseIsFine() {
        assertRefused(Diffs.modeChange("run.sh", "100644", "100755"), DEFAULTS, RefusalRule.EXECUTABLE_MODE);
        PatchValidator.validate(Diffs.modeChange("run.sh", "100644", "100755"), allowing(true, false, List.of()));
        PatchValidator.validate(Diffs.modeChange("run.sh", "100755", "100644"), DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {Diffs.ADD_LOGO, Diffs.MODIFY_BLOB_BY_DELTA,
        "diff --git a/x.png b/x.png\nindex 1234567..89abcde 100644\nBinary files a/x.png and b/x.png differ\n"})
    void binaryPatchesAreRefusedByDefault(String diff) {
        assertRefused(diff, DEFAULTS, RefusalRule.BINARY_PATCH);
    }

    @Test
    void aGitBinaryPatchPassesWhereAllowed() {
        ValidatedPatch validated = PatchValidator.validate(Diffs.ADD_LOGO + Diffs.MODIFY_BLOB_BY_DELTA, allowing(false, true, List.of()));
        assertTrue(validated.binary());
        assertEquals(List.of("logo.png", "blob.bin"), validated.declaredPaths());
    }

    @Test
    void binaryFilesDifferHoldsNoDataSoItDoesNotApplyEvenWhereBinaryIsAllowed() {
        String diff = "diff --git a/x.png b/x.png\nindex 1234567..89abcde 100644\nBinary files a/x.png and b/x.png differ\n";
        assertRefused(diff, allowing(false, true, List.of()), RefusalRule.DOES_NOT_APPLY);
        String delete = "diff --git a/x.png b/x.png\ndeleted file mode 100644\nindex 1234567..0000000\nBinary files a/x.png and /dev/null differ\n";
        PatchValidator.validate(delete, allowing(false, true, List.of()));
    }

    @Test
    void aBinaryPatchMayNotWriteAFileLargerThanTheByteCap() {
        SafetyPolicy binary = new SafetyPolicy(false, true, List.of(), 50, 5000, 10_000, true);
        assertTrue(Diffs.ADD_ZEROS.length() < 10_000);
        Refusal refusal = assertRefused(Diffs.ADD_ZEROS, binary, RefusalRule.TOO_LARGE);
        assertEquals("zeros.bin: the binary patch would write 100000 bytes, more than the limit of 10000", refusal.message());
        SafetyPolicy small = new SafetyPolicy(false, true, List.of(), 50, 5000, 599, true);
        assertRefused(Diffs.MODIFY_BLOB_BY_DELTA, small, RefusalRule.TOO_LARGE);
        PatchValidator.validate(Diffs.MODIFY_BLOB_BY_DELTA, new SafetyPolicy(false, true, List.of(), 50, 5000, 600, true));
    }

    @Test
    void binaryDeltaDataThatDoesNotDecodeIsMalformed() {
        String diff = "diff --git a/blob.bin b/blob.bin\nindex 40c11c06c49f9ddcf33648699a3323b5cb557afa..45fee8e3d53492adbf0d5e1d8c8d9f9771f632f0 100644\n"
                + "GIT binary patch\ndelta 27\nj" + "0".repeat(45) + "\n\n";
        assertRefused(diff, allowing(false, true, List.of()), RefusalRule.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {".github/workflows/ci.yml", ".GitHub/Workflows/CI.yml", ".github/actions/setup/action.yml", ".gitlab-ci.yml",
        ".gitlab/ci/build.yml", ".circleci/config.yml", ".buildkite/pipeline.yml", "Jenkinsfile", "JENKINSFILE.release",
        "azure-pipelines.yml", ".travis.yml", "bitbucket-pipelines.yml", ".drone.yml", "appveyor.yml", ".vscode/settings.json",
        ".VSCode/tasks.json", ".idea/workspace.xml", ".devcontainer/devcontainer.json", ".devcontainer.json", ".husky/pre-commit",
        ".pre-commit-config.yaml", ".gitattributes", "src/.gitattributes", ".GITATTRIBUTES", "CODEOWNERS", ".github/CODEOWNERS",
        "docs/CODEOWNERS", "codeowners", ".github/dependabot.yml", ".github/dependabot.yaml", "renovate.json", ".github/renovate.json",
        ".renovaterc", ".renovaterc.json", "renovate.json5", ".patchlane.yml", ".PATCHLANE.yml"})
    void protectedPathsAreRefusedInAnyCase(String path) {
        Refusal refusal = assertRefused(addFile(path, "x"), DEFAULTS, RefusalRule.PROTECTED_PATH);
        assertEquals(path, refusal.path());
        assertTrue(refusal.detail().startsWith("is protected: "), refusal.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/guide.md", ".github/ISSUE_TEMPLATE/bug.md", ".github/README.md", "src/CODEOWNERS", "src/Jenkinsfile",
        "lib/.vscode.txt", "config/renovate.json", "workflows/ci.yml"})
    void nearbyPathsAreNotProtected(String path) {
        PatchValidator.validate(addFile(path, "x"), DEFAULTS);
    }

    @Test
    void aPolicyGlobOpensTheProtectedPathsItNamesAndNoOthers() {
        SafetyPolicy workflows = allowing(false, false, List.of(".github/workflows/*.yml", "CODEOWNERS"));
        PatchValidator.validate(addFile(".github/workflows/ci.yml", "on: push") + addFile("CODEOWNERS", "* @team"), workflows);
        assertRefused(addFile(".github/workflows/nested/ci.yml", "x"), workflows, RefusalRule.PROTECTED_PATH);
        assertRefused(addFile(".github/workflows/ci.yaml", "x"), workflows, RefusalRule.PROTECTED_PATH);
        assertRefused(addFile(".vscode/settings.json", "x"), workflows, RefusalRule.PROTECTED_PATH);
        // The glob matches the path as written, so a case variant stays protected.
        assertRefused(addFile(".GitHub/workflows/ci.yml", "x"), workflows, RefusalRule.PROTECTED_PATH);
        PatchValidator.validate(addFile(".github/workflows/nested/ci.yml", "x"), allowing(false, false, List.of(".github/workflows/**")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/x", ".git/config", "sub/.GIT/hooks/pre-commit", ".gitmodules", "a//b", "a\\b"})
    void noPolicyOpensThePathsThatAreUnsafeEverywhere(String path) {
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> PatchValidator.validate(addFile(path, "x"), PERMISSIVE));
        assertFalse(e.refusals().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"120000", "160000"})
    void symlinksAndSubmodulesCannotBeCreatedWhateverThePolicy(String mode) {
        assertRefused(Diffs.addFileWithMode("link", mode, "target"), PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
    }

    @Test
    void aSymlinkCannotBeRemovedOrMadeFromAFile() {
        String delete = "diff --git a/link b/link\ndeleted file mode 120000\nindex 1234567..0000000\n--- a/link\n+++ /dev/null\n"
                + "@@ -1 +0,0 @@\n-target\n\\ No newline at end of file\n";
        assertRefused(delete, PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
        assertRefused(Diffs.modeChange("a.txt", "100644", "120000"), PERMISSIVE, RefusalRule.SYMLINK_OR_SUBMODULE);
    }

    @Test
    void onePathInTwoFileSectionsClashes() {
        assertRefused(addFile("a.txt", "1") + addFile("a.txt", "2"), DEFAULTS, RefusalRule.PATH_CLASH);
        assertRefused(Diffs.modify("a.txt", "1", "2") + Diffs.rename("a.txt", "b.txt"), DEFAULTS, RefusalRule.PATH_CLASH);
    }

    @Test
    void twoSpellingsOfOnePathOnACaseInsensitiveFileSystemClash() {
        Refusal refusal = assertRefused(addFile("README.md", "1") + addFile("readme.md", "2"), DEFAULTS, RefusalRule.PATH_CLASH);
        assertEquals("readme.md: and README.md are one file where case is ignored (macOS, Windows)", refusal.message());
        assertRefused(addFile("caf\u00e9.txt", "1") + addFile("cafe\u0301.txt", "2"), DEFAULTS, RefusalRule.PATH_CLASH);
    }

    @Test
    void aFileAndADirectoryOfOneNameClashButACaseOnlyRenameDoesNot() {
        Refusal refusal = assertRefused(addFile("tmp", "1") + addFile("tmp/foo", "2"), DEFAULTS, RefusalRule.PATH_CLASH);
        assertEquals("tmp/foo: a file and a directory would share the path tmp", refusal.message());
        PatchValidator.validate(Diffs.rename("readme.md", "README.md"), DEFAULTS);
    }

    @Test
    void aSecretIsRefusedByFileAndLineAndNeverQuoted() {
        String keyId = "AK" + "IA" + "Q7ZP3MXW2RTY4VNB";
        String diff = Diffs.modify("a.txt", "one", "two") + addFile("src/Config.java", "class Config {", "  String key = \"" + keyId + "\";", "}");
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> PatchValidator.validate(diff, DEFAULTS));
        assertEquals(List.of(new Refusal(RefusalRule.SECRET, "src/Config.java", "line 2 adds what looks like an AWS access key")), e.refusals());
        for (String text : List.of(e.getMessage(), e.refusals().toString(), String.join("\n", e.problems()))) {
            assertFalse(text.contains(keyId), text);
            assertFalse(text.contains("Q7ZP3MXW"), text);
            assertFalse(text.contains("String key"), text);
        }
    }

    @Test
    void secretsAreNotScannedWhereThePolicySaysNot() {
        String diff = addFile("id_rsa", "-----BEGIN " + "RSA PRIVATE KEY-----");
        assertRefused(diff, DEFAULTS, RefusalRule.SECRET);
        PatchValidator.validate(diff, new SafetyPolicy(false, false, List.of(), 50, 5000, 1_048_576, false));
    }

    @Test
    void anAddedRedactionMarkerIsRefusedWhateverThePolicy() {
        String marker = SecretRedactor.marker(SecretScanner.Rule.GITHUB_TOKEN);
        String diff = Diffs.modify("src/Config.java", "String token = load();", "String token = \"" + marker + "\";");
        for (SafetyPolicy policy : List.of(DEFAULTS, PERMISSIVE)) {
            Refusal refusal = assertRefused(diff, policy, RefusalRule.REDACTION_MARKER);
            assertEquals("src/Config.java", refusal.path());
            assertTrue(refusal.detail().startsWith("line 1 adds a [REDACTED:...] marker, which stands for a secret"), refusal.detail());
        }
    }

    @Test
    void aRedactionMarkerOnARemovedOrContextLineIsNotThisRulesConcern() {
        String marker = SecretRedactor.marker(SecretScanner.Rule.AWS_ACCESS_KEY_ID);
        String diff = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n " + marker + "\n-" + marker + "\n+clean\n";
        PatchValidator.validate(diff, DEFAULTS);
        PatchValidator.validate(addFile("notes.txt", "[REDACTED:SOMETHING_ELSE] is not a marker patchlane writes"), DEFAULTS);
    }

    @Test
    void aPatchFullOfSecretsGetsAShortAnswer() {
        String[] lines = new String[30];
        java.util.Arrays.fill(lines, "-----BEGIN " + "EC PRIVATE KEY-----");
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> PatchValidator.validate(addFile("keys.txt", lines), DEFAULTS));
        assertEquals(SecretRefusals.MAX_REPORTED + 1, e.refusals().size());
        assertEquals("20 more added lines look like credentials", e.refusals().get(SecretRefusals.MAX_REPORTED).message());
    }

    @Test
    void everyBrokenRuleIsNamedAndTheMessageJoinsThem() {
        String diff = addFile("../x", "x") + Diffs.addFileWithMode(".vscode/tasks.json", "100755", "x");
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> PatchValidator.validate(diff, DEFAULTS));
        assertEquals(List.of(RefusalRule.OUTSIDE_REPOSITORY, RefusalRule.PROTECTED_PATH, RefusalRule.EXECUTABLE_MODE),
                e.refusals().stream().map(Refusal::rule).toList());
        assertEquals(String.join("; ", e.problems()), e.getMessage());
        assertEquals("../x: leaves the repository", e.problems().get(0));
    }

    @Test
    void theDefaultPolicyIsTheDocumentedOne() {
        assertEquals(new SafetyPolicy(false, false, List.of(), 50, 5000, 1_048_576, true), SafetyPolicy.defaults());
        assertEquals(List.of(), new SafetyPolicy(false, false, null, 1, 1, 1, true).allowedProtectedPaths());
    }

    @Test
    void aPolicyWithABadGlobOrANegativeCapCannotBeMade() {
        assertThrows(IllegalArgumentException.class, () -> new SafetyPolicy(false, false, List.of("{unclosed"), 50, 5000, 1000, true));
        assertThrows(IllegalArgumentException.class, () -> new SafetyPolicy(false, false, List.of(), -1, 5000, 1000, true));
    }

    static Refusal assertRefused(String diff, SafetyPolicy policy, RefusalRule rule) {
        PatchRejectedException e = assertThrows(PatchRejectedException.class, () -> PatchValidator.validate(diff, policy));
        return e.refusals().stream().filter(refusal -> refusal.rule() == rule).findFirst()
                .orElseThrow(() -> new AssertionError(e.refusals() + " should name " + rule));
    }

    private static SafetyPolicy withCaps(int files, int lines, long bytes) {
        return new SafetyPolicy(false, false, List.of(), files, lines, bytes, true);
    }

    private static SafetyPolicy allowing(boolean executable, boolean binary, List<String> globs) {
        return new SafetyPolicy(executable, binary, globs, 50, 5000, 1_048_576, true);
    }
}
