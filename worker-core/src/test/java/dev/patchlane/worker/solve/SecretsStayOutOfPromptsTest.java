package dev.patchlane.worker.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.AgentStep;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.prompt.PromptFormat;
import dev.patchlane.worker.Attempt;
import dev.patchlane.worker.agent.AgentSolver;
import dev.patchlane.worker.support.Jobs;
import dev.patchlane.worker.support.ScriptedDecoder;
import dev.patchlane.worker.support.ScriptedDecoder.Turn;
import dev.patchlane.worker.support.TestConfig;
import dev.patchlane.worker.support.TestRepository;
import dev.patchlane.worker.verify.PatchVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository file holding credentials, read by every lane's solver: what reaches the decoder holds markers, never the
 * credentials; and a patch that would write a marker back is refused. Fake credentials are assembled at run time so this
 * repository never holds a literal that looks like a real one.
 */
class SecretsStayOutOfPromptsTest {

    private static final String GITHUB = "ghp_" + "F4k3".repeat(9);
    private static final String KEY_ID = "AK" + "IA" + "FAKEFAKEFAKEFAKE";
    private static final String KEY_BODY = "MIIEfakeKEYbody";
    private static final String CONFIG = "config/app.properties";
    private static final String SETTINGS = "# settings\ngithub.token=" + GITHUB + "\naws.id=" + KEY_ID + "\nport=8080\n";
    private static final String PEM = "config/key.pem";

    @TempDir
    Path temp;

    private TestRepository repository;
    private final TestConfig config = new TestConfig().set("patchlane.verify.enabled", "false");

    @BeforeEach
    void repository() throws Exception {
        StringBuilder pem = new StringBuilder("-----BEGIN " + "PRIVATE KEY-----\n");
        for (int i = 0; i < 40; i++) {
            pem.append(KEY_BODY).append(i).append('\n');
        }
        pem.append("-----END " + "PRIVATE KEY-----\n");
        repository = TestRepository.create(temp, Map.of(CONFIG, SETTINGS, PEM, pem.toString(), "checks/show.sh", "cat " + CONFIG + "\n",
                ".patchlane.yml", "version: 1\nchecks:\n  - name: show\n    run: [\"sh\", \"checks/show.sh\"]\n"));
    }

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    void theFastLanesPromptHoldsMarkersWhereTheFileHoldsCredentials() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("NO_CHANGE: nothing to do"));
        Attempt attempt = new SingleShotSolver(verification()).solve(context(job(Lane.FAST, null), model));

        assertEquals(OutcomeResult.NO_CHANGE, attempt.result(), attempt.summary());
        DecodeRequest request = model.requests().get(0);
        assertNoSecret(request);
        assertTrue(request.firstUserMessage().contains("github.token=[REDACTED:GITHUB_TOKEN]\naws.id=[REDACTED:AWS_ACCESS_KEY_ID]\nport=8080\n"),
                request.firstUserMessage());
        assertTrue(request.messages().get(0).content().contains(PromptFormat.REDACTION_NOTE), request.messages().get(0).content());
    }

    @Test
    void theStructuredSolversPromptHoldsMarkersToo() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("{\"ok\":true}"));
        RoutedJob routed = job(Lane.DEEP, Json.mapper().createObjectNode().put("type", "object"));
        Attempt attempt = new StructuredSolver().solve(context(routed, model));

        assertEquals(OutcomeResult.RESULT_READY, attempt.result(), attempt.summary());
        assertNoSecret(model.requests().get(0));
        assertTrue(model.requests().get(0).messages().get(0).content().contains(PromptFormat.REDACTION_NOTE));
    }

    @Test
    void theAgentsReadFileAndSearchToolsReturnMarkers() {
        config.set("patchlane.lane.test.agent.result-max-chars", "400");
        Deque<Turn> turns = new ArrayDeque<>(List.of(
                Turn.call("read_file", "{\"path\":\"" + CONFIG + "\"}"),
                Turn.call("read_file", "{\"path\":\"" + PEM + "\",\"start_line\":20}"),
                Turn.call("search", "{\"text\":\"aws.id\"}"),
                Turn.call("search", "{\"text\":\"FAKEFAKE\"}"),
                Turn.call("search", "{\"text\":\"" + KEY_BODY + "\"}"),
                Turn.call("finish", "{\"outcome\":\"no_change\",\"summary\":\"read only\"}")));
        ScriptedDecoder model = new ScriptedDecoder(request -> turns.poll());
        Attempt attempt = agent(job(Lane.DEEP, null), model);

        assertEquals(OutcomeResult.NO_CHANGE, attempt.result(), attempt.summary());
        model.requests().forEach(SecretsStayOutOfPromptsTest::assertNoSecret);
        List<String> results = toolResults(model.requests().get(model.requests().size() - 1));
        assertEquals("# settings\ngithub.token=[REDACTED:GITHUB_TOKEN]\naws.id=[REDACTED:AWS_ACCESS_KEY_ID]\nport=8080\n", results.get(0));
        assertTrue(results.get(1).startsWith("[lines 20-") && results.get(1).contains("\n[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n"),
                "a part from the middle of a key is still the key: " + results.get(1));
        assertEquals(CONFIG + ":3: aws.id=[REDACTED:AWS_ACCESS_KEY_ID]", results.get(2));
        assertEquals("(no match)", results.get(3), "a search inside a secret shows nothing of it");
        assertEquals("(no match)", results.get(4));
        assertTrue(model.requests().get(0).messages().get(0).content().contains(PromptFormat.REDACTION_NOTE));
    }

    @Test
    void aCheckThatPrintsTheFileReachesTheAgentRedacted() {
        config.set("patchlane.verify.enabled", "true").set("patchlane.verify.sandbox", "none")
                .set("patchlane.verify.repositories.\"" + repository.location() + "\".trust-repository-checks", "true");
        Deque<Turn> turns = new ArrayDeque<>(List.of(Turn.call("run_check", "{\"name\":\"show\"}"),
                Turn.call("finish", "{\"outcome\":\"no_change\",\"summary\":\"read only\"}")));
        ScriptedDecoder model = new ScriptedDecoder(request -> turns.poll());
        Attempt attempt = agent(job(Lane.DEEP, null), model);

        assertEquals(OutcomeResult.NO_CHANGE, attempt.result(), attempt.summary());
        model.requests().forEach(SecretsStayOutOfPromptsTest::assertNoSecret);
        String output = toolResults(model.requests().get(1)).get(0);
        assertTrue(output.startsWith("check show: PASSED") && output.contains("github.token=[REDACTED:GITHUB_TOKEN]"), output);
    }

    @Test
    void theAgentCannotWriteAMarkerIntoAFile() throws Exception {
        String rewritten = SETTINGS.replace(GITHUB, "[REDACTED:GITHUB_TOKEN]").replace("8080", "9090");
        String diff = "--- a/" + CONFIG + "\n+++ b/" + CONFIG + "\n@@ -1,4 +1,4 @@\n # settings\n-github.token=" + GITHUB
                + "\n+github.token=[REDACTED:GITHUB_TOKEN]\n aws.id=" + KEY_ID + "\n port=8080\n";
        Deque<Turn> turns = new ArrayDeque<>(List.of(
                Turn.call("write_file", Json.mapper().createObjectNode().put("path", CONFIG).put("content", rewritten).toString()),
                Turn.call("apply_diff", Json.mapper().createObjectNode().put("diff", diff).toString()),
                Turn.call("finish", "{\"outcome\":\"give_up\",\"summary\":\"cannot\"}")));
        Attempt attempt = agent(job(Lane.DEEP, null), new ScriptedDecoder(request -> turns.poll()));

        List<AgentStep> steps = attempt.agent().steps();
        assertFalse(steps.get(0).ok());
        assertTrue(steps.get(0).note().contains("[REDACTED:...] marker"), steps.get(0).note());
        assertFalse(steps.get(1).ok());
        assertTrue(steps.get(1).note().contains("[REDACTED:...] marker"), steps.get(1).note());
        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertEquals(SETTINGS, repository.snapshot().readText(CONFIG).orElseThrow());
    }

    @Test
    void aFastPatchThatAddsAMarkerIsRefusedWithTheReason() {
        String diff = "--- a/" + CONFIG + "\n+++ b/" + CONFIG + "\n@@ -1,4 +1,4 @@\n # settings\n-github.token=" + GITHUB
                + "\n+github.token=[REDACTED:GITHUB_TOKEN]\n aws.id=" + KEY_ID + "\n port=8080\n";
        Attempt attempt = fastReply(diff);

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.summary().startsWith("the patch failed its self-check: " + CONFIG + ": line 2 adds a [REDACTED:...] marker"),
                attempt.summary());
    }

    @Test
    void aFastPatchWhoseContextHoldsAMarkerDoesNotApply() {
        // what a model that edits near a redacted line writes: the context is the prompt's text, not the file's
        String diff = "--- a/" + CONFIG + "\n+++ b/" + CONFIG + "\n@@ -2,3 +2,3 @@\n github.token=[REDACTED:GITHUB_TOKEN]\n"
                + " aws.id=[REDACTED:AWS_ACCESS_KEY_ID]\n-port=8080\n+port=9090\n";
        Attempt attempt = fastReply(diff);

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.summary().startsWith("the patch failed its self-check:"), attempt.summary());
        assertFalse(attempt.summary().contains("marker"), "refused for not applying, not for a marker: " + attempt.summary());
    }

    private Attempt fastReply(String diff) {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("```diff\n" + diff + "```\n"));
        return new SingleShotSolver(verification()).solve(context(job(Lane.FAST, null), model));
    }

    private Attempt agent(RoutedJob routed, ScriptedDecoder model) {
        return new AgentSolver(verification(), config.lane().agent()).solve(context(routed, model));
    }

    private static void assertNoSecret(DecodeRequest request) {
        for (ChatMessage message : request.messages()) {
            assertFalse(message.content().contains(GITHUB), message.content());
            assertFalse(message.content().contains("FAKEFAKE"), message.content());
            assertFalse(message.content().contains(KEY_BODY), message.content());
        }
    }

    private static List<String> toolResults(DecodeRequest request) {
        return request.messages().stream().filter(ChatMessage::isToolResult).map(ChatMessage::content).toList();
    }

    private RoutedJob job(Lane lane, com.fasterxml.jackson.databind.JsonNode schema) {
        return Jobs.routed(lane, JobKind.ISSUE, repository.location(), List.of(CONFIG, PEM), "Change the port.", schema, null);
    }

    private SolveContext context(RoutedJob routed, ScriptedDecoder model) {
        return new SolveContext(routed, repository.snapshot(), SafetyPolicy.defaults(), model, config.lane(), System.nanoTime());
    }

    private PatchVerification verification() {
        try {
            Files.createDirectories(temp.resolve("workspaces"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return PatchVerification.create(config.verify(), temp.resolve("workspaces"));
    }
}
