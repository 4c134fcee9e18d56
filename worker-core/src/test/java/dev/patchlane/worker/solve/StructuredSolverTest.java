package dev.patchlane.worker.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.DocumentSchema;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.ContentSources;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.worker.Attempt;
import dev.patchlane.worker.support.Jobs;
import dev.patchlane.worker.support.ScriptedDecoder;
import dev.patchlane.worker.support.ScriptedDecoder.Turn;
import dev.patchlane.worker.support.TestConfig;
import dev.patchlane.worker.support.TestRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs with an output schema: a document validated against the job's schema, re-asked once, else a clear failure. */
class StructuredSolverTest {

    private static final String TRIAGE = """
            {"type": "object", "additionalProperties": false, "required": ["severity", "summary", "files"],
             "properties": {"severity": {"enum": ["low", "medium", "high"]}, "summary": {"type": "string", "minLength": 10},
               "files": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}
            """;

    @TempDir
    Path temp;

    private TestRepository repository;

    @BeforeEach
    void repository() throws Exception {
        repository = TestRepository.create(temp, Map.of("src/Stats.java", "class Stats {\n    int average() { return 0; }\n}\n"));
    }

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    void theEmulatorComputesADocumentFromTheJobThatFollowsItsSchema() throws Exception {
        EmulatorSettings settings = EmulatorSettings.deepLane().withOverride(new StreamTiming(Duration.ofMillis(1), 100_000));
        try (EmulatedDecoder decoder = EmulatedDecoder.create(settings, ContentSources.standard(Optional.empty()), Profiles.builtIn())) {
            Attempt attempt = solve(decoder);
            assertEquals(OutcomeResult.RESULT_READY, attempt.result(), attempt.summary());
            assertEquals(List.of(), DocumentSchema.compile(Json.mapper().readTree(TRIAGE)).violations(attempt.document()));
            assertEquals("src/Stats.java", attempt.document().get("files").get(0).asText());
            assertNull(attempt.patch());
            assertTrue(attempt.decoder().emulated());
        }
    }

    @Test
    void aReplyThatIsNotJsonIsAskedAgainOnceWithTheError() {
        Deque<Turn> turns = new ArrayDeque<>(List.of(Turn.text("Sure! Here is the triage: severity high"),
                Turn.text("{\"severity\":\"high\",\"summary\":\"average() is off by one\",\"files\":[\"src/Stats.java\"]}")));
        ScriptedDecoder model = new ScriptedDecoder(request -> turns.poll());
        Attempt attempt = solve(model);

        assertEquals(OutcomeResult.RESULT_READY, attempt.result(), attempt.summary());
        assertTrue(attempt.summary().contains("second ask"), attempt.summary());
        String reAsk = model.requests().get(1).lastUserMessage();
        assertTrue(reAsk.contains("not one JSON document"), reAsk);
        assertEquals(2, model.requests().size());
        assertTrue(model.requests().get(0).outputSchema() != null, "the schema goes to the provider as structured output");
    }

    @Test
    void aReplyStillInvalidAfterTheReAskFailsWithTheValidationErrors() {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("{\"severity\":\"urgent\",\"summary\":\"short\",\"files\":[]}"));
        Attempt attempt = solve(model);

        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.summary().startsWith("the structured reply is still invalid after one re-ask: "), attempt.summary());
        assertTrue(attempt.summary().contains("$.severity"), attempt.summary());
        assertTrue(attempt.summary().contains("$.files"), attempt.summary());
        assertEquals(2, model.requests().size(), "asked exactly twice");
    }

    @Test
    void aSchemaThatReachesOutOfTheDocumentIsRefusedBeforeAnyDecode() throws Exception {
        ScriptedDecoder model = new ScriptedDecoder(request -> Turn.text("{}"));
        JsonNode remote = Json.mapper().readTree("{\"$ref\": \"http://127.0.0.1:9/schema.json\"}");
        Attempt attempt = solve(model, remote);
        assertEquals(OutcomeResult.FAILED, attempt.result());
        assertTrue(attempt.summary().startsWith("the job's outputSchema cannot be used"), attempt.summary());
        assertEquals(0, model.requests().size());
    }

    private Attempt solve(Decoder decoder) {
        try {
            return solve(decoder, Json.mapper().readTree(TRIAGE));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private Attempt solve(Decoder decoder, JsonNode schema) {
        RoutedJob routed = Jobs.routed(Lane.DEEP, JobKind.ISSUE, repository.location(), List.of("src/Stats.java"),
                "Triage: average() divides by one less than the number of values.", schema, null);
        SolveContext context = new SolveContext(routed, repository.snapshot(), SafetyPolicy.defaults(), decoder, new TestConfig().lane(),
                System.nanoTime());
        return new StructuredSolver().solve(context);
    }
}
