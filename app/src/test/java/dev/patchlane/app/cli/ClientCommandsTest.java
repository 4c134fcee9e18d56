package dev.patchlane.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.contracts.Json;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** submit, migrate and status run in-process against the real service on its test port, as a user would run them. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class ClientCommandsTest {

    private static final Pattern SUBMITTED = Pattern.compile("job (\\S+) submitted \\(new\\)");

    @TestHTTPResource("/")
    URL service;

    @TempDir
    Path temp;

    /** What one run of a command printed and returned. */
    record Run(int code, String out, String err) {

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Run run(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--url")) {
            all.addAll(List.of("--url", service.toString()));
        }
        if (!all.contains("--token")) {
            all.addAll(List.of("--token", Tokens.ACME));
        }
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static String repository() {
        return TestPipeline.prepared().plan().repository().toString();
    }

    private String submitLintJob(String key) {
        Run run = run(new SubmitCommand(), "--kind", "LINT_FIX", "--repo", repository(), "--ref", "main", "--path", "README.md",
                "--path", "src/main/java/demo/lint/Widget1.java", "--instructions", "Fix the lint findings.", "--key", key);
        assertEquals(0, run.code(), run.toString());
        Matcher id = SUBMITTED.matcher(run.out());
        assertTrue(id.find(), run.toString());
        return id.group(1);
    }

    @Test
    void submitFromFlagsIsNewThenTheSameKeyIsADuplicate() {
        String id = submitLintJob("cli-submit-twice");
        Run again = run(new SubmitCommand(), "--kind", "LINT_FIX", "--repo", repository(), "--ref", "main", "--path", "README.md",
                "--path", "src/main/java/demo/lint/Widget1.java", "--instructions", "Fix the lint findings.", "--key", "cli-submit-twice");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("job " + id + " is a duplicate (state "), again.toString());
    }

    @Test
    void submitWithoutAPathIsRefusedWithTheViolationAndExit2() {
        Run run = run(new SubmitCommand(), "--kind", "LINT_FIX", "--repo", repository(), "--instructions", "Fix it.", "--key", "cli-no-path");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("refused: invalid job"), run.toString());
        assertTrue(run.err().lines().anyMatch(l -> l.contains("targetPaths")), run.toString());
        assertEquals("", run.out());
    }

    @Test
    void submitFromAFilePrintsTheServiceJson() throws Exception {
        Path file = temp.resolve("job.json");
        Files.writeString(file, """
                {"kind": "LINT_FIX", "repository": "%s", "baseRef": "main", "targetPaths": ["README.md"],
                 "instructions": "Fix the lint findings.", "idempotencyKey": "cli-from-file"}
                """.formatted(repository()));
        Run run = run(new SubmitCommand(), "--file", file.toString(), "--json");
        assertEquals(0, run.code(), run.toString());
        var answer = Json.mapper().readTree(run.out());
        assertFalse(answer.path("duplicate").asBoolean(), run.toString());
        assertFalse(answer.path("id").asText().isEmpty(), run.toString());

        Run mixed = run(new SubmitCommand(), "--file", file.toString(), "--kind", "ISSUE");
        assertEquals(2, mixed.code(), mixed.toString());
    }

    @Test
    void statusListsTheJobAndShowsItsHistory() {
        String id = submitLintJob("cli-status");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> run(new StatusCommand(), id).code() == 0);

        Run table = run(new StatusCommand(), "--limit", "1000");
        assertEquals(0, table.code(), table.toString());
        assertTrue(table.out().startsWith("ID"), table.toString());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("LINT_FIX")), table.toString());

        Run one = run(new StatusCommand(), id);
        assertEquals(0, one.code(), one.toString());
        assertTrue(one.out().contains("history:"), one.toString());
        assertTrue(one.out().lines().anyMatch(l -> l.contains("SUBMITTED") && l.contains("ingest")), one.toString());

        Run json = run(new StatusCommand(), id, "--json");
        assertEquals(id, Json.read(json.out().getBytes(), dev.patchlane.contracts.JobStatus.class).jobId(), json.toString());
    }

    @Test
    void statusOfAFinishedJobShowsWhatItsChecksSaid() {
        String id = submitLintJob("cli-status-verified");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            Run json = run(new StatusCommand(), id, "--json");
            return json.code() == 0 && Json.read(json.out().getBytes(), dev.patchlane.contracts.JobStatus.class).isTerminal();
        });
        Run one = run(new StatusCommand(), id);
        assertTrue(one.out().contains("verification: VERIFIED"), one.toString());
        assertTrue(one.out().lines().anyMatch(l -> l.startsWith("build") && l.contains("PASSED")), one.toString());
        assertTrue(one.out().lines().anyMatch(l -> l.startsWith("lint") && l.contains("FAILED")), "lint was red on the base too: " + one);
    }

    @Test
    void statusOfAnUnknownJobExits1() {
        Run run = run(new StatusCommand(), "no-such-job");
        assertEquals(1, run.code(), run.toString());
        assertEquals("no job no-such-job", run.err().strip());

        Run badState = run(new StatusCommand(), "--state", "HALF_DONE");
        assertEquals(2, badState.code(), badState.toString());
        assertTrue(badState.err().contains("unknown state HALF_DONE"), badState.toString());
    }

    @Test
    void migrateSubmitsAYamlManifestAndWaitsUntilEveryJobIsFinished() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("a.txt"), "the colour of the sky\n");
        Files.writeString(repo.resolve("b.txt"), "a colour chart\n");
        Files.writeString(repo.resolve("skip.md"), "colour\n");
        Git.run(repo, "init", "-q");
        Git.run(repo, "add", ".");
        Git.run(repo, "commit", "-q", "-m", "initial");
        Path manifest = temp.resolve("manifest.yaml");
        Files.writeString(manifest, """
                name: colour to color
                instructions: |
                  rewrite: colour -> color
                repositories:
                  - url: %s
                include: ["*.txt"]
                """.formatted(repo));

        Run run = run(new MigrateCommand(), manifest.toString(), "--wait", "--timeout", "20");
        assertEquals(0, run.code(), run.toString());
        Matcher id = Pattern.compile("migration (\\S+) submitted \\(new\\)").matcher(run.out());
        assertTrue(id.find(), run.toString());
        assertTrue(run.out().contains("progress: " + service.toString().replaceAll("/$", "") + "/migrations/" + id.group(1)), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("fan-out DONE .*jobs 2/2 finished.*"), run.toString());

        Run again = run(new MigrateCommand(), manifest.toString());
        assertTrue(again.out().contains("migration " + id.group(1) + " was already submitted (duplicate)"), again.toString());

        Run unknown = run(new MigrateCommand(), "--cancel", "no-such-migration");
        assertEquals(1, unknown.code(), unknown.toString());
        assertEquals("no migration no-such-migration", unknown.err().strip());
    }

    @Test
    void withoutAUsableTokenTheAnswerSaysWhichAndWhyAndExit2() {
        Run none = run(new StatusCommand(), "--token", "");
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("GET /jobs refused: not authenticated (HTTP 401): this API needs a bearer token"), none.toString());
        assertTrue(none.err().contains("no token was sent; give one with --token <token> or PATCHLANE_TOKEN"), none.toString());

        Run forged = run(new StatusCommand(), "--token", "pl_forged-token");
        assertEquals(2, forged.code(), forged.toString());
        assertTrue(forged.err().contains("not authenticated (HTTP 401): the token is not known here"), forged.toString());
        assertFalse(forged.err().contains("pl_forged-token"), forged.toString());

        Run readOnly = run(new SubmitCommand(), "--token", Tokens.ACME_READ_ONLY, "--kind", "LINT_FIX", "--repo", repository(),
                "--path", "README.md", "--instructions", "Fix the lint findings.", "--key", "cli-read-only");
        assertEquals(2, readOnly.code(), readOnly.toString());
        assertTrue(readOnly.err().contains("POST /jobs refused: not allowed (HTTP 403): token acme-reader of tenant acme lacks the scope"
                + " this request needs: submit"), readOnly.toString());

        Run badToken = run(new StatusCommand(), "--token", "pl_two words");
        assertEquals(2, badToken.code(), badToken.toString());
        assertFalse(badToken.err().contains("words"), badToken.toString());
    }

    @Test
    void aClosedPortIsAClearMessageAndExit3() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://localhost:" + port;
        String expected = "no patchlane service at " + url + "; start one with ./patchlane serve";
        for (Run run : List.of(
                run(new StatusCommand(), "--url", url),
                run(new SubmitCommand(), "--url", url, "--kind", "ISSUE", "--path", "a", "--instructions", "x", "--repo", "/r"),
                run(new MigrateCommand(), "--url", url, "--cancel", "some-id"))) {
            assertEquals(3, run.code(), run.toString());
            assertEquals(expected, run.err().strip(), run.toString());
            assertEquals("", run.out(), run.toString());
        }
    }
}
