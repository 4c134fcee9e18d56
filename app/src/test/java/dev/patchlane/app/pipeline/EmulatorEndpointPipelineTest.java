package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The same scenario with both lanes on {@code decoder=openai}: the workers reach the emulator role over HTTP with the
 * project's OpenAI client, as they would a real endpoint, configured by properties alone.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(EmulatorEndpointPipelineTest.LanesOverHttp.class)
class EmulatorEndpointPipelineTest extends PipelineScenario {

    @Test
    void outcomesNameTheClientTheEndpointAndTheEmulatedSource() {
        JobRequest lint = TestPipeline.prepared().plan().jobs().stream()
                .filter(job -> job.kind() == JobKind.LINT_FIX && job.laneHint() == null).findFirst().orElseThrow();
        String id = Jobs.submit(new JobRequest(lint.kind(), lint.repository(), lint.baseRef(), lint.targetPaths(), lint.instructions(),
                null, null, lint.source(), lint.idempotencyKey() + "-over-http"));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JobStatus status = Jobs.status(id);
            return status != null && status.isTerminal();
        });
        Outcome outcome = TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.OUTCOMES).stream()
                .filter(record -> id.equals(record.key()))
                .map(record -> Json.read(record.value(), Outcome.class))
                .findFirst().orElseThrow();
        assertEquals("openai", outcome.decoder().name());
        assertEquals("codex-spark-class", outcome.decoder().model());
        assertTrue(outcome.decoder().endpoint().startsWith("http://127.0.0.1:"), outcome.decoder().endpoint());
        assertTrue(outcome.decoder().emulated(), "the emulator labelled its reply: " + outcome.decoder());
        assertTrue(outcome.decoder().contentSource().startsWith("emulator:"), outcome.decoder().contentSource());
    }

    public static class LanesOverHttp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://127.0.0.1:" + freePort() + "/v1";
            Map<String, String> config = new HashMap<>();
            config.put("patchlane.roles", "all,emulator");
            config.put("patchlane.emulator.http.port", base.replaceAll(".*:(\\d+)/v1", "$1"));
            config.put("patchlane.lane.fast.decoder", "openai");
            config.put("patchlane.lane.fast.endpoint.base-url", base);
            config.put("patchlane.lane.fast.endpoint.model", "codex-spark-class");
            config.put("patchlane.lane.fast.endpoint.api", "chat");
            config.put("patchlane.lane.deep.decoder", "openai");
            config.put("patchlane.lane.deep.endpoint.base-url", base);
            config.put("patchlane.lane.deep.endpoint.model", "codex-class");
            config.put("patchlane.lane.deep.endpoint.api", "responses");
            return config;
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
