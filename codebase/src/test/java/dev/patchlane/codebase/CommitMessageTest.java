package dev.patchlane.codebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification as commit trailers: one line each, read back by git itself from the commit and the mbox. */
class CommitMessageTest {

    @TempDir
    Path tmp;

    private static CheckResult check(String name, CheckStatus status, CheckStatus baseline) {
        return new CheckResult(name, name + " --all", status, status == CheckStatus.PASSED ? 0 : 1, 1200, "", null, baseline);
    }

    @Test
    void passedChecksNameTheSandboxAndEveryCheck() {
        Verification verified = new Verification(VerificationVerdict.VERIFIED, "bwrap",
                List.of(check("lint", CheckStatus.PASSED, CheckStatus.PASSED), check("test", CheckStatus.PASSED, null)), "all passed");
        assertEquals("Verified-by: patchlane (bwrap): lint passed, test passed", CommitMessage.verification(verified).line());
    }

    @Test
    void aCheckFailingOnTheBaseTooIsSaidToBeAlreadyFailingAndAnOptOutIsNotSandboxed() {
        Verification verified = new Verification(VerificationVerdict.VERIFIED, "none",
                List.of(check("lint", CheckStatus.PASSED, CheckStatus.PASSED), check("test", CheckStatus.FAILED, CheckStatus.FAILED)), "");
        assertEquals("Verified-by: patchlane (not sandboxed): lint passed, test failed (already failing before this patch)",
                CommitMessage.verification(verified).line());
    }

    @Test
    void aBrokenCheckIsNotCalledVerified() {
        Verification failed = new Verification(VerificationVerdict.FAILED, "bwrap",
                List.of(check("test", CheckStatus.TIMED_OUT, CheckStatus.PASSED)), "test timed out");
        assertEquals("Verification-failed: patchlane (bwrap): test timed out", CommitMessage.verification(failed).line());
    }

    @Test
    void nothingCheckedSaysSoAndWhy() {
        assertEquals("Verified-by: nothing (no checks declared)",
                CommitMessage.verification(Verification.notVerified("bwrap", "no checks declared")).line());
        assertEquals("Verified-by: nothing (no verification was recorded for this attempt)", CommitMessage.verification(null).line());
    }

    @Test
    void trailerValuesStayOnOneLineAndBounded() {
        Verification hostile = new Verification(VerificationVerdict.VERIFIED, "bwrap\n---\ndiff --git a/x b/x",
                List.of(check("lint\nFrom: Mallory <m@example.com>\n\nSigned-off-by: x", CheckStatus.PASSED, null)), "");
        String line = CommitMessage.verification(hostile).line();
        assertFalse(line.contains("\n"), line);
        List<CheckResult> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(check("check-number-" + i, CheckStatus.PASSED, null));
        }
        String bounded = CommitMessage.verification(new Verification(VerificationVerdict.VERIFIED, "bwrap", many, "")).value();
        assertTrue(bounded.matches(".*check-number-0 passed, .*, and 1[89][0-9] more"), "the rest are counted, not cut: " + bounded);
        assertTrue(bounded.length() <= CommitMessage.MAX_TRAILER_CHARS, bounded);
        assertTrue(new CommitMessage.Trailer("Note", "x".repeat(10_000)).value().length() <= CommitMessage.MAX_TRAILER_CHARS);
        assertThrows(IllegalArgumentException.class, () -> new CommitMessage.Trailer("Bad key:", "v"));
        assertThrows(IllegalArgumentException.class, () -> new CommitMessage.Trailer("Two\nLines", "v"));
    }

    @Test
    void gitReadsTheTrailersFromTheCommitAndFromTheMboxItApplies() throws Exception {
        Path repo = TestRepositories.create(tmp.resolve("repo"), Map.of("a.txt", "one  \n"));
        try (RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ofMinutes(5))) {
            Snapshot snapshot = cache.snapshot(repo.toString(), "main");
            AppliedPatch applied = snapshot.apply(UnifiedDiff.of(new FileChange("a.txt", "one  \n", "one\n")));
            Verification verified = new Verification(VerificationVerdict.VERIFIED, "bwrap",
                    List.of(check("lint", CheckStatus.PASSED, CheckStatus.PASSED), check("test", CheckStatus.PASSED, CheckStatus.PASSED)), "");
            CommitMessage message = CommitMessage.withTrailers("patchlane: lint-fix a.txt", "Removed trailing whitespace.",
                    List.of(new CommitMessage.Trailer("Patchlane-Job", "42"), CommitMessage.verification(verified)));
            Instant when = Instant.parse("2026-11-27T10:00:00Z");

            String commit = GitPublisher.commit(applied, message, when);
            assertEquals(commit, GitPublisher.commit(applied, CommitMessage.withTrailers("patchlane: lint-fix a.txt",
                    "Removed trailing whitespace.", List.of(new CommitMessage.Trailer("Patchlane-Job", "42"),
                            CommitMessage.verification(verified))), when), "the same message makes the same commit");

            Path patch = tmp.resolve("42.patch");
            Files.writeString(patch, GitPublisher.emailPatch(applied, commit, message, when));
            Path clone = tmp.resolve("clone");
            git(tmp, "clone", "-q", repo.toString(), clone.toString());
            git(clone, "am", "-q", patch.toString());

            assertEquals("one\n", Files.readString(clone.resolve("a.txt")));
            assertEquals("Verified-by: patchlane (bwrap): lint passed, test passed",
                    git(clone, "log", "-1", "--format=%(trailers:key=Verified-by)").strip());
            assertEquals("42", git(clone, "log", "-1", "--format=%(trailers:key=Patchlane-Job,valueonly)").strip());
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
