package dev.patchlane.worker.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Valid diffs that a unified-diff reader accepts must stream through the guard, whatever their line endings. */
class DiffStreamGuardEdgeTest {

    private static final String CRLF_WITH_BLANK_CONTEXT = String.join("\r\n",
            "```diff",
            "--- a/src/Main.java",
            "+++ b/src/Main.java",
            "@@ -1,4 +1,4 @@",
            " class Main {",
            "",
            "-    int x = 1; ",
            "+    int x = 1;",
            " }",
            "```",
            "");

    @Test
    void aCrlfDiffWithABlankContextLinePasses() {
        assertEquals(Optional.empty(), streamed(CRLF_WITH_BLANK_CONTEXT, 1));
        assertEquals(Optional.empty(), streamed(CRLF_WITH_BLANK_CONTEXT, 7));
    }

    @Test
    void linesThatLookLikeFileHeadersInsideAHunkPass() {
        String diff = """
                --- a/src/Main.java
                +++ b/src/Main.java
                @@ -1,3 +1,3 @@
                --- a/etc/passwd
                +++ b/etc/passwd
                 end
                \\ No newline at end of file
                """;
        assertEquals(Optional.empty(), streamed(diff, 3));
    }

    @Test
    void pathsAsGitWritesThemPass() {
        // git quotes a path with special characters and writes non-ASCII bytes as octal escapes (core.quotePath)
        String quoted = """
                diff --git "a/dir with space/na\\303\\257ve \\"q\\".txt" "b/dir with space/na\\303\\257ve \\"q\\".txt"
                index 1234567..89abcde 100644
                --- "a/dir with space/na\\303\\257ve \\"q\\".txt"
                +++ "b/dir with space/na\\303\\257ve \\"q\\".txt"
                @@ -1 +1 @@
                -old
                +new
                """;
        assertEquals(Optional.empty(), streamed(quoted, 5, Set.of("dir with space/na\u00efve \"q\".txt"), false));
        // a name with a space is not quoted; git ends the header with a tab so patch(1) finds the name's end
        String spaced = "--- a/dir with space/f.txt\t\n+++ b/dir with space/f.txt\t\n@@ -1 +1 @@\n-a\n+b\n";
        assertEquals(Optional.empty(), streamed(spaced, 4, Set.of("dir with space/f.txt"), false));
    }

    @Test
    void aQuotedPathOutsideTheJobIsStillCancelled() {
        String quoted = "--- \"a/etc/pass\\167d\"\n+++ \"b/etc/pass\\167d\"\n@@ -1 +1 @@\n-a\n+b\n";
        Optional<String> reason = streamed(quoted, 4, Set.of("src/Main.java"), false);
        assertTrue(reason.orElseThrow().contains("etc/passwd"), reason.toString());
    }

    @Test
    void aRenameIsANewFileWhereTheKindMayCreateFiles() {
        String rename = """
                diff --git a/src/Main.java b/src/App.java
                similarity index 90%
                rename from src/Main.java
                rename to src/App.java
                index 1234567..89abcde 100644
                --- a/src/Main.java
                +++ b/src/App.java
                @@ -1 +1 @@
                -class Main {}
                +class App {}
                """;
        assertEquals(Optional.empty(), streamed(rename, 6, Set.of("src/Main.java"), true));
        // where the kind creates no files, the new name is a file the job did not ask for
        Optional<String> lint = streamed(rename, 6, Set.of("src/Main.java"), false);
        assertTrue(lint.orElseThrow().contains("src/App.java"), lint.toString());
        // a rename does not carry over to the next file of the diff
        String next = rename + """
                diff --git a/src/Other.java b/src/Other.java
                --- a/src/Main.java
                +++ b/src/Other.java
                @@ -1 +1 @@
                -a
                +b
                """;
        Optional<String> other = streamed(next, 6, Set.of("src/Main.java"), true);
        assertTrue(other.orElseThrow().contains("src/Other.java"), other.toString());
    }

    private static Optional<String> streamed(String reply, int chunk) {
        return streamed(reply, chunk, Set.of("src/Main.java"), false);
    }

    private static Optional<String> streamed(String reply, int chunk, Set<String> targets, boolean mayCreate) {
        DiffStreamGuard guard = new DiffStreamGuard(targets, mayCreate);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < reply.length(); i += chunk) {
            text.append(reply, i, Math.min(reply.length(), i + chunk));
            Optional<String> reason = guard.check(text);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }
}
