package dev.patchlane.decoding.emulator;

import static dev.patchlane.decoding.emulator.Requests.decoder;
import static dev.patchlane.decoding.emulator.Requests.echo;
import static dev.patchlane.decoding.emulator.Requests.fixed;
import static dev.patchlane.decoding.emulator.Requests.text;
import static dev.patchlane.decoding.emulator.Requests.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import dev.patchlane.decoding.ToolSpec;
import dev.patchlane.decoding.prompt.Answer;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.PromptFormat;
import dev.patchlane.decoding.prompt.Task;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.jgit.patch.Patch;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DRAWS = 4000;

    private final ManualScheduler clock = new ManualScheduler();

    private static List<FaultPlan> draws(FaultSettings rates, long seed) {
        FaultInjector injector = new FaultInjector(rates, seed);
        List<FaultPlan> plans = new ArrayList<>();
        for (int i = 0; i < DRAWS; i++) {
            plans.add(injector.draw("fast:job-" + i));
        }
        return plans;
    }

    @Test
    void eachFaultAppearsAtItsRateAndTheSeedFixesWhere() {
        FaultSettings rates = new FaultSettings(0.02, 0.05, 0.1, 0.2, 0.3);
        List<FaultPlan> plans = draws(rates, 42);
        assertRate(0.02, plans, FaultPlan::rateLimit);
        assertRate(0.05, plans, plan -> plan.serverErrorStatus() > 0);
        assertRate(0.1, plans, FaultPlan::cuts);
        assertRate(0.2, plans, FaultPlan::truncates);
        assertRate(0.3, plans, FaultPlan::malformed);
        assertTrue(plans.stream().anyMatch(p -> p.serverErrorStatus() == 500) && plans.stream().anyMatch(p -> p.serverErrorStatus() == 503));

        assertEquals(plans, draws(rates, 42), "the same seed gives the same faults to the same requests");
        assertNotEquals(plans, draws(rates, 43));
        assertTrue(draws(FaultSettings.NONE, 42).stream().allMatch(FaultPlan.NONE::equals), "rate 0 injects nothing");
    }

    @Test
    void aRetryOfTheSameRequestDrawsAfresh() {
        FaultInjector injector = new FaultInjector(new FaultSettings(0.5, 0.5, 0.5, 0.5, 0.5), 7);
        FaultPlan first = injector.draw("deep:job-1");
        FaultPlan second = injector.draw("deep:job-1");
        assertEquals(injector.draw("deep:job-1", 1), first);
        assertEquals(injector.draw("deep:job-1", 2), second);
        List<FaultPlan> retries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            retries.add(injector.draw("deep:job-1"));
        }
        assertTrue(retries.stream().distinct().count() > 1);
    }

    @Test
    void anInjectedRateLimitOrServerErrorComesBeforeAnyToken() {
        Recorder limited = Recorder.of(decoder(withFaults(new FaultSettings(1, 0, 0, 0, 0)), clock).stream(echo("hi")), clock::nanoTime);
        DecoderException rateLimit = assertInstanceOf(DecoderException.class, limited.failure());
        assertEquals(Failure.RATE_LIMITED, rateLimit.failure());
        assertEquals(429, rateLimit.httpStatus());
        assertTrue(rateLimit.retryAfter().isPresent());
        assertTrue(limited.events().isEmpty());

        Recorder broken = Recorder.of(decoder(withFaults(new FaultSettings(0, 1, 0, 0, 0)), clock).stream(echo("hi")), clock::nanoTime);
        DecoderException serverError = assertInstanceOf(DecoderException.class, broken.failure());
        assertEquals(Failure.SERVER_ERROR, serverError.failure());
        assertTrue(List.of(500, 503).contains(serverError.httpStatus()), String.valueOf(serverError.httpStatus()));
        assertTrue(serverError.retryable());
    }

    @Test
    void aCutStreamFailsAfterPartOfItsTokens() {
        EmulatedDecoder decoder = decoder(withFaults(new FaultSettings(0, 0, 1, 0, 0)), clock);
        String reply = text("cut", 40);
        int cutShort = 0;
        for (int i = 0; i < 10; i++) {
            Recorder stream = Recorder.of(decoder.stream(echo(reply + i)), clock::nanoTime);
            clock.advance(Duration.ofSeconds(5));
            DecoderException failure = assertInstanceOf(DecoderException.class, stream.failure());
            assertEquals(Failure.STREAM_CUT, failure.failure());
            assertTrue(stream.finished().isEmpty());
            assertTrue(stream.tokens() < tokens(reply + i));
            cutShort += stream.tokens() > 0 ? 1 : 0;
        }
        assertTrue(cutShort > 0, "some streams are cut after sending tokens");
    }

    @Test
    void aTruncatedStreamFinishesEarlyWithLength() {
        EmulatedDecoder decoder = decoder(withFaults(new FaultSettings(0, 0, 0, 1, 0)), clock);
        String reply = text("truncated", 40);
        Recorder stream = Recorder.of(decoder.stream(echo(reply)), clock::nanoTime);
        clock.advance(Duration.ofSeconds(5));
        DecodeEvent.Finished finished = stream.finished().orElseThrow();
        assertEquals("length", finished.finishReason());
        assertTrue(stream.tokens() < tokens(reply));
        assertEquals(stream.tokens(), finished.usage().completionTokens());
        assertTrue(reply.startsWith(stream.text()));
    }

    @Test
    void malformedJsonOutputIsReallyUnparseable() throws IOException {
        String json = "{\"summary\": \"fixed\", \"files\": [{\"path\": \"a.txt\", \"ok\": true}]}";
        JsonNode schema = JSON.readTree("{\"type\": \"object\", \"required\": [\"summary\"]}");
        DecodeRequest structured = new DecodeRequest(List.of(ChatMessage.user(json)), 4096, schema);
        Recorder clean = Recorder.of(decoder(withFaults(FaultSettings.NONE), clock).stream(structured), clock::nanoTime);
        Recorder broken = Recorder.of(decoder(withFaults(new FaultSettings(0, 0, 0, 0, 1)), clock).stream(structured), clock::nanoTime);
        clock.advance(Duration.ofSeconds(5));

        assertEquals(JSON.readTree(json), JSON.readTree(clean.text()));
        assertThrows(JsonProcessingException.class, () -> JSON.readTree(broken.text()), broken.text());
        assertEquals("stop", broken.finished().orElseThrow().finishReason());
    }

    @Test
    void malformedToolCallArgumentsAreReallyUnparseable() throws IOException {
        ScriptedContent script = new ScriptedContent(List.of(new ScriptedContent.Entry("tool", JobKind.ISSUE, null, null, null, "Fixed.",
                List.of(new ScriptedContent.Edit("a.txt", "a", "b", null)),
                List.of(new ScriptedContent.Call("apply_patch", JSON.readTree("{\"path\": \"a.txt\", \"replace\": \"b\"}"))))));
        DecodeRequest request = taskRequest(List.of(new ToolSpec("apply_patch", "applies a patch", JSON.readTree("{\"type\": \"object\"}"))));

        Recorder clean = Recorder.of(decoder(withFaults(FaultSettings.NONE), clock, script).stream(request), clock::nanoTime);
        Recorder broken = Recorder.of(decoder(withFaults(new FaultSettings(0, 0, 0, 0, 1)), clock, script).stream(request), clock::nanoTime);
        clock.advance(Duration.ofSeconds(5));

        assertEquals("tool_calls", clean.finished().orElseThrow().finishReason());
        JSON.readTree(toolCall(clean).arguments());
        assertEquals("apply_patch", toolCall(broken).name());
        assertThrows(JsonProcessingException.class, () -> JSON.readTree(toolCall(broken).arguments()), toolCall(broken).arguments());
    }

    @Test
    void withoutSchemaOrToolsTheDiffHeadersAreCorruptedWhereAPatchParserSeesIt() {
        ScriptedContent script = new ScriptedContent(List.of(new ScriptedContent.Entry("edit", JobKind.ISSUE, null, null, null, "Fixed.",
                List.of(new ScriptedContent.Edit("a.txt", "two", "2", null)))));
        DecodeRequest request = taskRequest(List.of());
        Recorder clean = Recorder.of(decoder(withFaults(FaultSettings.NONE), clock, script).stream(request), clock::nanoTime);
        Recorder broken = Recorder.of(decoder(withFaults(new FaultSettings(0, 0, 0, 0, 1)), clock, script).stream(request), clock::nanoTime);
        clock.advance(Duration.ofSeconds(5));

        assertTrue(patchErrors(Answer.parse(clean.text()).orElseThrow().diff()).isEmpty());
        assertTrue(broken.finished().isPresent());
        assertTrue(!patchErrors(Answer.parse(broken.text()).orElseThrow().diff()).isEmpty(), broken.text());
    }

    @Test
    void theFastClassDefaultIsOnlyMalformedOutputAndTheDeepClassHasNone() {
        assertEquals(FaultSettings.NONE, EmulatorSettings.deepLane().faults());
        FaultSettings fast = EmulatorSettings.fastLane().faults();
        assertTrue(fast.malformedStructuredOutput() > 0);
        assertEquals(0, fast.rateLimit() + fast.serverError() + fast.streamCut() + fast.truncation());
        assertThrows(IllegalArgumentException.class, () -> new FaultSettings(1.5, 0, 0, 0, 0));
    }

    private static List<?> patchErrors(String diff) {
        Patch patch = new Patch();
        try {
            patch.parse(new ByteArrayInputStream(diff.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return patch.getErrors();
    }

    private static dev.patchlane.decoding.ToolCall toolCall(Recorder stream) {
        return stream.events().stream().filter(DecodeEvent.ToolCalled.class::isInstance).map(e -> ((DecodeEvent.ToolCalled) e).call())
                .findFirst().orElseThrow(() -> new AssertionError("no tool call in " + stream.events()));
    }

    private static DecodeRequest taskRequest(List<ToolSpec> tools) {
        Task task = new Task("job-7", JobKind.ISSUE, "fix a", List.of(new PromptFile("a.txt", "one\ntwo\nthree\na\n")), null);
        return new DecodeRequest(PromptFormat.render(task), 4096, null, tools);
    }

    private static EmulatorSettings withFaults(FaultSettings faults) {
        return fixed(10, 1000, 8, 8).withFaults(faults, 42);
    }

    private static void assertRate(double rate, List<FaultPlan> plans, Predicate<FaultPlan> fault) {
        double observed = plans.stream().filter(fault).count() / (double) plans.size();
        // Five standard deviations of a binomial share: a fixed seed makes the count exact, this only says it is sane.
        double slack = 5 * Math.sqrt(rate * (1 - rate) / plans.size());
        assertTrue(Math.abs(observed - rate) <= slack, "rate " + rate + " observed " + observed);
        assertTrue(observed > 0);
    }
}
