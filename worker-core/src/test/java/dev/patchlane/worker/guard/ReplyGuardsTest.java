package dev.patchlane.worker.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.StreamGuard;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyGuardsTest {

    private static final String GOOD = """
            Removed trailing whitespace.
            ```diff
            --- a/src/Main.java
            +++ b/src/Main.java
            @@ -1,1 +1,1 @@
            -int x = 1;\s
            +int x = 1;
            ```
            """;

    @Test
    void aDiffOfTheTargetFilesStreamsToTheEndChunkByChunk() {
        assertEquals(Optional.empty(), streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), GOOD, 3));
    }

    @Test
    void aDiffThatEditsAnotherFileIsCancelledAtItsHeaderLine() {
        String reply = GOOD.replace("a/src/Main.java", "a/.github/workflows/ci.yml") + "x".repeat(5000);
        StreamGuard guard = ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400);
        String abortedAt = firstAbortPrefix(guard, reply, 7);
        assertTrue(abortedAt.endsWith("--- a/.github/workflows/ci.yml\n") || abortedAt.contains("ci.yml\n"), abortedAt);
        assertTrue(abortedAt.length() < reply.indexOf("@@") + 7, "cancelled before the hunk: " + abortedAt.length());
    }

    @Test
    void aNewFileIsAllowedOnlyWhereTheKindCreatesFiles() {
        String newTest = """
                ```diff
                --- /dev/null
                +++ b/src/MainTest.java
                @@ -0,0 +1 @@
                +class MainTest {}
                ```
                """;
        assertEquals(Optional.empty(), streamed(ReplyGuards.forJob(job(JobKind.TEST_GENERATION, null), 400), newTest, 5));
        Optional<String> lint = streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), newTest, 5);
        assertTrue(lint.orElseThrow().contains("src/MainTest.java"), lint.toString());
    }

    @Test
    void aHunkShorterThanItsHeaderIsCancelledWhenTheFenceCloses() {
        String reply = GOOD.replace("@@ -1,1 +1,1 @@", "@@ -1,4 +1,4 @@") + "Some closing words.\n".repeat(50);
        Optional<String> reason = streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), reply, 5);
        assertTrue(reason.orElseThrow().contains("short of its header"), reason.toString());
    }

    @Test
    void aHunkLongerThanItsHeaderIsCancelled() {
        String reply = GOOD.replace("+int x = 1;\n", "+int x = 1;\n+int y = 2;\n");
        Optional<String> reason = streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), reply, 5);
        assertTrue(reason.orElseThrow().contains("more lines than its header"), reason.toString());
    }

    @Test
    void hunksWithoutCountsAndWithNoNewlineMarkersPass() {
        String reply = """
                ```diff
                --- a/src/Main.java
                +++ b/src/Main.java
                @@ -3 +3,2 @@
                -a
                \\ No newline at end of file
                +a
                +b
                @@ -10,2 +11,2 @@ class Main {
                 x
                -y
                +z
                ```
                """;
        assertEquals(Optional.empty(), streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), reply, 4));
    }

    @Test
    void prosePastThePatienceIsCancelled() {
        Optional<String> reason = streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 100), "I think ".repeat(40), 9);
        assertTrue(reason.orElseThrow().contains("100 characters"), reason.toString());
    }

    @Test
    void aRestartedStreamIsCheckedFromItsNewStart() {
        StreamGuard guard = ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400);
        assertEquals(Optional.empty(), guard.check(GOOD.substring(0, 60)));
        assertEquals(Optional.empty(), streamed(guard, GOOD, 11));
    }

    @Test
    void structuredOutputThatIsValidJsonPasses() {
        String json = "{\"summary\": \"ok\", \"files\": [\"a\", {\"b\": [1, 2.5e3, null, true]}], \"note\": \"\\u00e9\\n\"}";
        assertEquals(Optional.empty(), streamed(ReplyGuards.forJob(job(JobKind.ISSUE, schema()), 400), json, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sure! Here is the JSON: {", "```json\n{\"a\": 1}\n```", "{\"a\": 1,, \"b\": 2}", "{\"a\" 1}", "[1, 2]",
            "{\"a\": tru}"})
    void structuredOutputIsCancelledAtTheFirstByteThatCannotBeJson(String reply) {
        Optional<String> reason = streamed(ReplyGuards.forJob(job(JobKind.ISSUE, schema()), 400), reply + " trailing text", 3);
        assertTrue(reason.orElseThrow().startsWith("structured output was asked for"), reason.toString());
    }

    @Test
    void zeroPatienceDisablesEveryCheck() {
        assertEquals(Optional.empty(), streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, schema()), 0), "no json at all", 2));
    }

    @Test
    void aDiffThatAddsARedactionMarkerIsCancelledAtThatLine() {
        String reply = GOOD.replace("+int x = 1;\n", "+int x = \"[REDACTED:GITHUB_TOKEN]\";\n") + "More words.\n".repeat(50);
        StreamGuard guard = ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400);
        String abortedAt = firstAbortPrefix(guard, reply, 5);
        assertTrue(abortedAt.contains("[REDACTED:GITHUB_TOKEN]") && abortedAt.length() < reply.indexOf("```\n", 20) + 5, abortedAt);
        Optional<String> reason = streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), reply, 5);
        assertTrue(reason.orElseThrow().contains("adds a [REDACTED:...] marker"), reason.toString());
        String context = GOOD.replace("-int x = 1;\s\n", "-int x = 1;\s\n [REDACTED:GITHUB_TOKEN]\n").replace("-1,1 +1,1", "-1,2 +1,2");
        assertEquals(Optional.empty(), streamed(ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), context, 5),
                "a marker on a context line is left to applying, which refuses it");
    }

    private static Optional<String> streamed(StreamGuard guard, String reply, int chunk) {
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

    private static String firstAbortPrefix(StreamGuard guard, String reply, int chunk) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < reply.length(); i += chunk) {
            text.append(reply, i, Math.min(reply.length(), i + chunk));
            if (guard.check(text).isPresent()) {
                return text.toString();
            }
        }
        throw new AssertionError("never cancelled");
    }

    private static JsonNode schema() {
        return Json.mapper().createObjectNode().put("type", "object");
    }

    private static Job job(JobKind kind, JsonNode schema) {
        return new Job(Job.SCHEMA_VERSION, "0b0e7a52-0000-3000-8000-000000000001", kind, "/tmp/repo", "main", List.of("src/Main.java"),
                "fix it", schema, null, new JobSource("api", "test", null), "k", Instant.EPOCH);
    }
}
