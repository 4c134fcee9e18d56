package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.AgentStep;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.VerificationVerdict;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every fast reply applies but breaks the build: verification catches it on a real checkout, the job is escalated with
 * the compiler's output in the deep prompt, and the deep agent's patch is verified and published. On the real broker.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(VerificationGatedEscalationTest.EveryFastPatchBreaksTheBuild.class)
class VerificationGatedEscalationTest {

    public static class EveryFastPatchBreaksTheBuild implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestPipeline.config());
            config.put("patchlane.lane.fast.emulator.faults.check-failure", "1");
            return config;
        }
    }

    @Test
    void aFastPatchThatBreaksTheBuildIsEscalatedWithTheCheckOutputAndTheDeepPatchIsVerified() throws Exception {
        JobRequest lint = TestPipeline.prepared().plan().jobs().stream()
                .filter(job -> job.kind() == JobKind.LINT_FIX && job.laneHint() == null && job.targetPaths().size() == 1).findFirst().orElseThrow();
        String id = Jobs.submit(new JobRequest(lint.kind(), lint.repository(), lint.baseRef(), lint.targetPaths(), lint.instructions(),
                null, null, lint.source(), lint.idempotencyKey() + "-breaks-build"));

        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JobStatus status = Jobs.status(id);
            return status != null && status.isTerminal();
        });
        JobStatus status = Jobs.status(id);
        assertEquals(JobState.PUBLISHED, status.state(), status.toString());
        Transition escalated = status.history().stream().filter(t -> t.state() == JobState.ESCALATED).findFirst().orElseThrow();
        assertTrue(escalated.reason().startsWith("the patch applies but fails verification (") && escalated.reason().contains("broken by the patch: build"),
                escalated.reason());

        List<Outcome> outcomes = TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.OUTCOMES).stream()
                .filter(record -> id.equals(record.key()))
                .map(record -> Json.read(record.value(), Outcome.class))
                .toList();
        Outcome fast = outcomes.stream().filter(o -> o.lane() == Lane.FAST).findFirst().orElseThrow();
        assertTrue(fast.escalate());
        assertTrue(fast.decoder().contentSource().endsWith("+injected:check-failure"), "the injected defect is labelled: " + fast.decoder());
        CheckResult build = fast.verification().checks().get(0);
        assertEquals("build", build.name());
        assertEquals(CheckStatus.FAILED, build.status());
        assertEquals(CheckStatus.PASSED, build.baseline(), "the build passed on the base commit, so the patch broke it");
        assertTrue(build.outputTail().contains("error:"), "javac's own output: " + build.outputTail());

        Outcome deep = outcomes.stream().filter(o -> o.lane() == Lane.DEEP).findFirst().orElseThrow();
        assertTrue(deep.routed().escalation().failure().contains(build.outputTail().strip().lines().reduce((a, b) -> b).orElseThrow()),
                "the deep prompt gets the check's output: " + deep.routed().escalation().failure());
        assertEquals(VerificationVerdict.VERIFIED, deep.verification().verdict(), deep.verification().toString());
        assertEquals(CheckStatus.PASSED, deep.verification().checks().get(0).status());
        assertNotNull(deep.agent());
        List<String> tools = deep.agent().steps().stream().map(AgentStep::tool).toList();
        assertEquals(List.of("read_file", "run_check", "run_check", "apply_diff", "run_check", "run_check", "finish"), tools);
        assertFalse(deep.escalate());

        String patchFile = Files.readString(Path.of(status.publication().patchFile()));
        assertTrue(patchFile.contains("Verified-by: patchlane ("), patchFile);
        assertEquals(VerificationVerdict.VERIFIED, status.publication().verification().verdict());

        // The escalation redelivered (a router crash before its commit) finds the job moved on: no second deep attempt.
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        TopicReader.write(bootstrap, Topics.OUTCOMES, id, Json.write(fast));
        TopicReader.write(bootstrap, Topics.OUTCOMES, id, Json.write(fast));
        TopicReader.awaitConsumed(bootstrap, "patchlane-router-escalation", Topics.OUTCOMES, Duration.ofSeconds(30));
        assertEquals(1, TopicReader.readAll(bootstrap, Topics.DEEP).stream().filter(r -> id.equals(r.key())).count(),
                "one deep routing, however often the escalation arrives");
        assertEquals(JobState.PUBLISHED, Jobs.status(id).state());
    }
}
