package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fast decoder that botches every diff is cancelled mid-stream by the lane's checks; the job is escalated with the
 * reason and the deep lane publishes it. Outcomes say which decoder, profile, price and speed each attempt had.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(FastLaneFaultsTest.EveryFastReplyMalformed.class)
class FastLaneFaultsTest {

    public static class EveryFastReplyMalformed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestPipeline.config());
            config.put("patchlane.lane.fast.emulator.faults.malformed-structured-output", "1");
            return config;
        }
    }

    @Test
    void aMalformedFastStreamIsCancelledEarlyAndTheDeepLanePublishesTheJob() {
        JobRequest lint = TestPipeline.prepared().plan().jobs().stream()
                .filter(job -> job.kind() == JobKind.LINT_FIX && job.laneHint() == null).findFirst().orElseThrow();
        String id = Jobs.submit(new JobRequest(lint.kind(), lint.repository(), lint.baseRef(), lint.targetPaths(), lint.instructions(),
                null, null, lint.source(), lint.idempotencyKey() + "-malformed"));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JobStatus status = Jobs.status(id);
            return status != null && status.isTerminal();
        });
        JobStatus status = Jobs.status(id);
        assertEquals(JobState.PUBLISHED, status.state(), status.toString());
        Transition escalated = status.history().stream().filter(t -> t.state() == JobState.ESCALATED).findFirst().orElseThrow();
        assertTrue(escalated.reason().startsWith("stream cancelled early: the hunk"), escalated.reason());

        List<Outcome> outcomes = TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.OUTCOMES).stream()
                .filter(record -> id.equals(record.key()))
                .map(record -> Json.read(record.value(), Outcome.class))
                .toList();
        Outcome fast = outcomes.stream().filter(o -> o.lane() == Lane.FAST).findFirst().orElseThrow();
        Outcome deep = outcomes.stream().filter(o -> o.lane() == Lane.DEEP).findFirst().orElseThrow();
        assertTrue(fast.escalate());
        assertEquals("codex-spark-class@wse3", fast.decoder().profile());
        assertEquals("in-process", fast.decoder().endpoint());
        assertTrue(fast.decoder().emulated());
        assertTrue(fast.usage().completionTokens() > 0, "tokens until the cancel are counted: " + fast.usage());
        assertEquals("codex-class@h100", deep.decoder().profile());
        assertFalse(deep.escalate());
        // 1.25 and 10 US dollars per million tokens are the deep lane's configured prices.
        double expected = (deep.usage().promptTokens() * 1.25 + deep.usage().completionTokens() * 10.0) / 1e6;
        assertEquals(expected, deep.costUsd(), 1e-12);
        assertTrue(deep.timings().tokensPerSecond() > 0, deep.timings().toString());
    }
}
