package dev.patchlane.worker.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static Optional<String> streamed(String reply, int chunk) {
        DiffStreamGuard guard = new DiffStreamGuard(Set.of("src/Main.java"), false);
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
