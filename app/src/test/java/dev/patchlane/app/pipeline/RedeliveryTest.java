package dev.patchlane.app.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A redelivered outcome of a published job is not published again (no second branch, commit, patch file or publication
 * record), and neither it nor a late duplicate status moves the job off PUBLISHED.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class RedeliveryTest {

    @Test
    void theSameOutcomeThreeTimesALaterRetryAndStaleStatusesLeaveOnePublication() throws Exception {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        Path repository = TestPipeline.prepared().plan().repository();
        String id = Jobs.submit(new JobRequest(JobKind.LINT_FIX, repository.toString(), "main", List.of("src/main/java/demo/lint/Widget3.java"),
                "Fix the lint findings.", null, null, null, "redelivery-key"));
        await().atMost(Duration.ofMinutes(1)).until(() -> Jobs.status(id) != null && Jobs.status(id).state() == JobState.PUBLISHED);
        JobStatus published = Jobs.status(id);
        String branch = published.publication().branch();
        Path patchFile = Path.of(published.publication().patchFile());
        String head = Git.run(repository, "rev-parse", branch).strip();
        byte[] patch = Files.readAllBytes(patchFile);
        FileTime written = Files.getLastModifiedTime(patchFile);
        String refsBefore = Git.run(repository, "for-each-ref", "refs/heads/patchlane/");

        Outcome outcome = TopicReader.readAll(bootstrap, Topics.OUTCOMES).stream()
                .filter(r -> id.equals(r.key()))
                .map(r -> Json.read(r.value(), Outcome.class))
                .filter(o -> o.result() == OutcomeResult.PATCH_READY)
                .findFirst().orElseThrow();
        byte[] redelivered = Json.write(outcome);
        IntStream.range(0, 3).parallel().forEach(i -> TopicReader.write(bootstrap, Topics.OUTCOMES, id, redelivered));
        Outcome retried = new Outcome(outcome.schemaVersion(), outcome.routed(), outcome.lane(), outcome.baseCommit(), outcome.result(),
                outcome.patch(), outcome.summary(), false, outcome.usage(), outcome.costUsd(), outcome.timings(), outcome.decoder(), outcome.history(),
                outcome.finishedAt().plusSeconds(60));
        TopicReader.write(bootstrap, Topics.OUTCOMES, id, Json.write(retried));

        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> statuses = TopicReader.readAll(bootstrap, Topics.STATUS).stream()
                .filter(r -> id.equals(r.key())).toList();
        TopicReader.write(bootstrap, Topics.STATUS, id, statuses.get(0).value());
        JobStatus deadAfterPublished = dev.patchlane.pipeline.status.JobStatuses.of(
                new dev.patchlane.contracts.Job(1, id, published.kind(), published.repository(), "main", List.of("x"), "x", null, null,
                        published.source(), "redelivery-key", published.history().get(0).at()),
                dev.patchlane.pipeline.status.JobStatuses.append(published.history(), JobState.DEAD, "sink", null, "a redelivered outcome failed"),
                published.usage(), null);
        TopicReader.write(bootstrap, Topics.STATUS, id, Json.write(deadAfterPublished));

        TopicReader.awaitConsumed(bootstrap, "patchlane-sink", Topics.OUTCOMES, Duration.ofSeconds(30));
        assertEquals(1, TopicReader.readAll(bootstrap, Topics.PUBLISHED).stream().filter(r -> id.equals(r.key())).count(),
                "the redelivered outcomes were not published again");
        assertEquals(head, Git.run(repository, "rev-parse", branch).strip(), "the branch still points at the first commit");
        assertEquals(refsBefore, Git.run(repository, "for-each-ref", "refs/heads/patchlane/"), "no new branch");
        assertEquals("1", Git.run(repository, "rev-list", "--count", "main.." + branch).strip(), "one commit");
        assertEquals(new String(patch), Files.readString(patchFile), "the patch file is unchanged");
        assertEquals(written, Files.getLastModifiedTime(patchFile), "and was not rewritten");
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            assertEquals(JobState.PUBLISHED, Jobs.status(id).state(), "a late SUBMITTED and a DEAD after PUBLISHED do not regress it");
            Thread.sleep(100);
        }
    }
}
